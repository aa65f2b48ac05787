package dev.peapod.store;

import dev.peapod.store.LabelSelector.Operator;
import dev.peapod.store.LabelSelector.Requirement;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static dev.peapod.store.StoreFixture.assertApiError;
import static dev.peapod.store.StoreFixture.podBuilder;
import static org.assertj.core.api.Assertions.assertThat;

/** Label selectors as k8s.io/apimachinery/pkg/labels/selector.go parses and matches them. */
class LabelSelectorTest {
    private static final Map<String, String> WEB = Map.of("app", "web", "tier", "front", "env", "prod");

    @Test
    void parsesEquality() {
        // when
        LabelSelector single = LabelSelector.parse("app=web");
        LabelSelector doubled = LabelSelector.parse("app==web");
        // then
        assertThat(single.requirements()).containsExactly(new Requirement("app", Operator.EQUALS, List.of("web")));
        assertThat(doubled.requirements()).isEqualTo(single.requirements());
        assertThat(single.matches(WEB)).isTrue();
        assertThat(single.matches(Map.of("app", "db"))).isFalse();
        assertThat(single.matches(Map.of())).isFalse();
    }

    @Test
    void parsesInequalityWhichAlsoMatchesAMissingLabel() {
        // when
        LabelSelector selector = LabelSelector.parse("tier!=db");
        // then
        assertThat(selector.requirements()).containsExactly(new Requirement("tier", Operator.NOT_EQUALS, List.of("db")));
        assertThat(selector.matches(WEB)).isTrue();
        assertThat(selector.matches(Map.of("tier", "db"))).isFalse();
        assertThat(selector.matches(Map.of())).isTrue();
    }

    @Test
    void parsesSetMembership() {
        // when
        LabelSelector in = LabelSelector.parse("env in (staging, prod)");
        LabelSelector notIn = LabelSelector.parse("env notin (dev,staging)");
        // then values are a sorted set
        assertThat(in.requirements()).containsExactly(new Requirement("env", Operator.IN, List.of("prod", "staging")));
        assertThat(notIn.requirements()).containsExactly(new Requirement("env", Operator.NOT_IN, List.of("dev", "staging")));
        assertThat(in.matches(WEB)).isTrue();
        assertThat(in.matches(Map.of("env", "dev"))).isFalse();
        assertThat(in.matches(Map.of())).isFalse();
        assertThat(notIn.matches(WEB)).isTrue();
        assertThat(notIn.matches(Map.of("env", "dev"))).isFalse();
        assertThat(notIn.matches(Map.of())).isTrue();
    }

    @Test
    void parsesExistence() {
        // when
        LabelSelector exists = LabelSelector.parse("tier");
        LabelSelector absent = LabelSelector.parse("!canary");
        // then
        assertThat(exists.requirements()).containsExactly(new Requirement("tier", Operator.EXISTS, List.of()));
        assertThat(absent.requirements()).containsExactly(new Requirement("canary", Operator.DOES_NOT_EXIST, List.of()));
        assertThat(exists.matches(WEB)).isTrue();
        assertThat(exists.matches(Map.of("tier", ""))).isTrue();
        assertThat(exists.matches(Map.of())).isFalse();
        assertThat(absent.matches(WEB)).isTrue();
        assertThat(absent.matches(Map.of("canary", "true"))).isFalse();
    }

    @Test
    void andsACombinationWithCommasInsideParentheses() {
        // when
        LabelSelector selector = LabelSelector.parse("app=web, env in (prod,staging),!canary,tier notin (db, cache)");
        // then requirements come out sorted by key
        assertThat(selector.requirements()).extracting(Requirement::key).containsExactly("app", "canary", "env", "tier");
        assertThat(selector.toString()).isEqualTo("app=web,!canary,env in (prod,staging),tier notin (cache,db)");
        assertThat(selector.matches(WEB)).isTrue();
        assertThat(selector.matches(Map.of("app", "web", "env", "prod", "canary", "1"))).isFalse();
        assertThat(selector.matches(Map.of("app", "web", "env", "dev"))).isFalse();
        assertThat(selector.matches(Map.of("app", "web", "env", "prod", "tier", "db"))).isFalse();
    }

    @Test
    void readsEmptyValuesAsUpstreamDoes() {
        // when the example of selector.go's Parse documentation
        LabelSelector selector = LabelSelector.parse("x in (foo,,baz),y,z notin ()");
        // then
        assertThat(selector.requirements()).containsExactly(
                new Requirement("x", Operator.IN, List.of("", "baz", "foo")),
                new Requirement("y", Operator.EXISTS, List.of()),
                new Requirement("z", Operator.NOT_IN, List.of("")));
        assertThat(LabelSelector.parse("a=").requirements()).containsExactly(new Requirement("a", Operator.EQUALS, List.of("")));
        assertThat(LabelSelector.parse("a=").matches(Map.of("a", ""))).isTrue();
    }

    @Test
    void readsTheKeywordsInAndNotinAsPlainWordsWhereAValueOrKeyGoes() {
        // when
        LabelSelector selector = LabelSelector.parse("in=notin,x in (in,notin)");
        // then
        assertThat(selector.requirements()).containsExactly(
                new Requirement("in", Operator.EQUALS, List.of("notin")),
                new Requirement("x", Operator.IN, List.of("in", "notin")));
    }

    @Test
    void comparesIntegersWithGreaterAndLessThan() {
        // when
        LabelSelector selector = LabelSelector.parse("replicas>2,replicas<10");
        // then
        assertThat(selector.matches(Map.of("replicas", "3"))).isTrue();
        assertThat(selector.matches(Map.of("replicas", "2"))).isFalse();
        assertThat(selector.matches(Map.of("replicas", "three"))).isFalse();
        assertThat(selector.matches(Map.of())).isFalse();
    }

    @Test
    void matchesEverythingWhenEmpty() {
        // when
        LabelSelector selector = LabelSelector.parse("");
        // then
        assertThat(selector.isEverything()).isTrue();
        assertThat(selector.matches(null)).isTrue();
        assertThat(LabelSelector.parse("  ").isEverything()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a in b        | unable to parse requirement: found 'b' expected: '('
            a in (b       | unable to parse requirement: found '', expected: ',' or ')'
            a in (b c)    | unable to parse requirement: found 'c', expected: ',' or ')'
            a,,b          | found ',', expected: identifier after ','
            a b           | unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt
            =a            | found '=', expected: !, identifier, or 'end of string'
            a=b c         | found 'c', expected: ',' or 'end of string'
            a=(b)         | unable to parse requirement: found '(', expected: identifier
            !a=b          | found '=', expected: ',' or 'end of string'
            a>b           | unable to parse requirement: values[0]: Invalid value: "b": for 'Gt', 'Lt' operators, the value must be an integer
            """)
    void refusesBadSyntaxInUpstreamsWords(String selector, String message) {
        // when / then
        assertApiError(() -> LabelSelector.parse(selector), 400, "BadRequest", message);
    }

    @Test
    void buildsFromAFabric8SelectorWithLabelsAndExpressions() {
        // given
        var fabric8 = new LabelSelectorBuilder()
                .addToMatchLabels("app", "web")
                .addNewMatchExpression().withKey("env").withOperator("In").withValues("prod", "staging").endMatchExpression()
                .addNewMatchExpression().withKey("tier").withOperator("NotIn").withValues("db").endMatchExpression()
                .addNewMatchExpression().withKey("team").withOperator("Exists").endMatchExpression()
                .addNewMatchExpression().withKey("canary").withOperator("DoesNotExist").endMatchExpression()
                .build();
        // when
        LabelSelector selector = LabelSelector.of(fabric8);
        // then
        assertThat(selector.toString()).isEqualTo("app=web,!canary,env in (prod,staging),team,tier notin (db)");
        assertThat(selector.matches(Map.of("app", "web", "env", "prod", "team", "a"))).isTrue();
        assertThat(selector.matches(Map.of("app", "web", "env", "prod", "team", "a", "tier", "db"))).isFalse();
        assertThat(selector.matches(Map.of("app", "web", "env", "prod"))).isFalse();
        assertThat(selector.matches(Map.of("app", "web", "env", "prod", "team", "a", "canary", "y"))).isFalse();
    }

    @Test
    void selectsNothingForANullFabric8SelectorAndEverythingForAnEmptyOne() {
        // when metav1.LabelSelectorAsSelector
        LabelSelector none = LabelSelector.of((io.fabric8.kubernetes.api.model.LabelSelector) null);
        LabelSelector all = LabelSelector.of(new io.fabric8.kubernetes.api.model.LabelSelector());
        // then
        assertThat(none.matches(WEB)).isFalse();
        assertThat(none.matches(Map.of())).isFalse();
        assertThat(none.isEverything()).isFalse();
        assertThat(all.matches(WEB)).isTrue();
        assertThat(all.isEverything()).isTrue();
    }

    @Test
    void refusesGreaterThanInAFabric8LabelSelector() {
        // given Gt and Lt exist for node selectors only
        var fabric8 = new LabelSelectorBuilder()
                .addNewMatchExpression().withKey("replicas").withOperator("Gt").withValues("1").endMatchExpression().build();
        // when / then
        assertApiError(() -> LabelSelector.of(fabric8), 400, "BadRequest", "\"Gt\" is not a valid label selector operator");
    }

    @Test
    void filtersAListByLabels() {
        // given
        ObjectStore store = new StoreFixture().store;
        store.create(podBuilder("web").editMetadata().addToLabels("app", "web").endMetadata().build());
        store.create(podBuilder("db").editMetadata().addToLabels("app", "db").endMetadata().build());
        store.create(podBuilder("bare").build());
        // when
        List<Pod> notDb = store.list(Pod.class, ListOptions.all().withLabels("app!=db"));
        List<Pod> labelled = store.list(Pod.class, ListOptions.all().withLabels("app"));
        // then
        assertThat(notDb).extracting(p -> p.getMetadata().getName()).containsExactly("bare", "web");
        assertThat(labelled).extracting(p -> p.getMetadata().getName()).containsExactly("db", "web");
    }
}
