package dev.peapod.manifest;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.BDDAssertions.then;

/** The kubectl steps' reading of YAML: goyaml.v2's YAML 1.1 values, and its words for a syntax error. */
class GoYamlValuesTest {

    @Test
    void valuesAreYaml11AsSigsK8sIoYamlReadsThem() {
        // when
        GoYamlValues.Read read = GoYamlValues.documents("m.yaml", "mode: 0755\nflag: yes\non: Y\nname: '0755'\n---\n");
        // then: the key on is the boolean true, which sigs.k8s.io/yaml writes as the JSON key "true"; the empty
        // document after --- is counted, as null
        then(read.error()).isEmpty();
        then(read.documents()).isEqualTo(Arrays.asList(Map.of("mode", 493, "flag", true, "true", true, "name", "0755"), null));
    }

    @Test
    void aSyntaxErrorIsGoyamlsLineWithoutTheLoadersExplanation() {
        // when
        GoYamlValues.Read read = GoYamlValues.documents("p", "a: [");
        // then: kubectl v1.20.2 printed: error: unable to parse "a: [": yaml: line 1: did not find expected node content
        then(read.error()).isEqualTo(Optional.of("yaml: line 1: did not find expected node content"));
    }
}
