package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.peapod.admission.Manifests.app;
import static dev.peapod.admission.Manifests.appBuilder;
import static dev.peapod.admission.Manifests.created;
import static dev.peapod.admission.Manifests.pod;
import static dev.peapod.admission.Manifests.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Affinity, topology spread constraints and integer resources, each message pinned to upstream's
 * text (pkg/apis/core/validation/validation.go, k8s.io/apimachinery/pkg/apis/meta/v1/validation, v1.33).
 */
class SchedulingValidationTest {
    private static final String REQUIRED_TERMS = "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
            + ".nodeSelectorTerms";
    private static final String NAME_PART_MSG = "name part must consist of alphanumeric characters, '-', '_' or '.', "
            + "and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', "
            + "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    @Test
    void validAffinityAndSpreadAreAdmitted() {
        // given
        Pod pod = pod(app());
        pod.getSpec().setAffinity(new AffinityBuilder()
                .withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().withMatchExpressions(requirement("disk", "In", "ssd"),
                        requirement("cores", "Gt", "4"), requirement("gpu", "DoesNotExist"))
                .withMatchFields(requirement("metadata.name", "In", "node-1")).endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(100)
                .withNewPreference().withMatchExpressions(requirement("zone", "In", "a")).endPreference()
                .endPreferredDuringSchedulingIgnoredDuringExecution().endNodeAffinity()
                .withNewPodAntiAffinity().addNewRequiredDuringSchedulingIgnoredDuringExecution()
                .withTopologyKey("kubernetes.io/hostname").withNewLabelSelector().addToMatchLabels("app", "web").endLabelSelector()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().build());
        pod.getSpec().setTopologySpreadConstraints(List.of(spread(1, "topology.kubernetes.io/zone", "DoNotSchedule")));
        // when / then
        assertThatCode(() -> created(pod)).doesNotThrowAnyException();
    }

    @Test
    void requiredNodeAffinityNeedsATerm() {
        // given
        Pod pod = pod(app());
        pod.getSpec().setAffinity(new AffinityBuilder().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity().build());
        // when / then
        assertThat(rejection(pod)).isEqualTo("Pod \"web\" is invalid: " + REQUIRED_TERMS
                + ": Required value: must have at least one node selector term");
    }

    @Test
    void inOperatorNeedsValues() {
        assertThat(rejection(withRequiredExpression(requirement("disk", "In")))).isEqualTo("Pod \"web\" is invalid: "
                + REQUIRED_TERMS + "[0].matchExpressions[0].values: Required value: "
                + "must be specified when `operator` is 'In' or 'NotIn'");
    }

    @Test
    void existsOperatorMayNotHaveValues() {
        assertThat(rejection(withRequiredExpression(requirement("disk", "Exists", "ssd")))).isEqualTo("Pod \"web\" is invalid: "
                + REQUIRED_TERMS + "[0].matchExpressions[0].values: Forbidden: "
                + "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
    }

    @Test
    void gtOperatorNeedsASingleValue() {
        assertThat(rejection(withRequiredExpression(requirement("cores", "Gt", "4", "8")))).isEqualTo("Pod \"web\" is invalid: "
                + REQUIRED_TERMS + "[0].matchExpressions[0].values: Required value: "
                + "must be specified single value when `operator` is 'Lt' or 'Gt'");
    }

    @Test
    void unknownNodeSelectorOperatorIsInvalid() {
        assertThat(rejection(withRequiredExpression(requirement("disk", "Near", "ssd")))).isEqualTo("Pod \"web\" is invalid: "
                + REQUIRED_TERMS + "[0].matchExpressions[0].operator: Invalid value: \"Near\": not a valid selector operator");
    }

    @Test
    void nodeSelectorRequirementKeyMustBeALabelKey() {
        assertThat(rejection(withRequiredExpression(requirement("-disk", "Exists")))).isEqualTo("Pod \"web\" is invalid: "
                + REQUIRED_TERMS + "[0].matchExpressions[0].key: Invalid value: \"-disk\": " + NAME_PART_MSG);
    }

    @Test
    void matchFieldsAllowOnlyMetadataNameWithOneValue() {
        // given
        Pod pod = pod(app());
        pod.getSpec().setAffinity(new AffinityBuilder().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm()
                .withMatchFields(requirement("metadata.labels", "In", "a"), requirement("metadata.name", "In", "n1", "n2"))
                .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build());
        // when / then
        assertThat(rejection(pod)).isEqualTo("Pod \"web\" is invalid: ["
                + REQUIRED_TERMS + "[0].matchFields[0].key: Invalid value: \"metadata.labels\": not a valid field selector key, "
                + REQUIRED_TERMS + "[0].matchFields[1].values: Required value: "
                + "must be only one value when `operator` is 'In' or 'NotIn' for node field selector]");
    }

    @Test
    void preferredNodeAffinityWeightMustBeInRange() {
        // given
        Pod pod = pod(app());
        pod.getSpec().setAffinity(new AffinityBuilder().withNewNodeAffinity()
                .addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(0)
                .withNewPreference().withMatchExpressions(requirement("zone", "In", "a")).endPreference()
                .endPreferredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build());
        // when / then
        assertThat(rejection(pod)).isEqualTo("Pod \"web\" is invalid: spec.affinity.nodeAffinity."
                + "preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100");
    }

    @Test
    void podAntiAffinityTermNeedsATopologyKey() {
        // given
        Pod pod = pod(app());
        pod.getSpec().setAffinity(new AffinityBuilder().withNewPodAntiAffinity()
                .addNewRequiredDuringSchedulingIgnoredDuringExecution().withNewLabelSelector().addToMatchLabels("app", "web")
                .endLabelSelector().endRequiredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().build());
        String at = "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey";
        // when / then: the empty key also fails ValidateLabelName, as upstream reports it
        assertThat(rejection(pod)).isEqualTo("Pod \"web\" is invalid: [" + at + ": Required value: can not be empty, "
                + at + ": Invalid value: \"\": name part must be non-empty, "
                + at + ": Invalid value: \"\": " + NAME_PART_MSG + "]");
    }

    @Test
    void weightedPodAffinityTermIsChecked() {
        // given
        Pod pod = pod(app());
        pod.getSpec().setAffinity(new AffinityBuilder().withNewPodAffinity()
                .addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(101)
                .withPodAffinityTerm(new PodAffinityTermBuilder().withTopologyKey("zone")
                        .withLabelSelector(new LabelSelectorBuilder().withMatchExpressions(new LabelSelectorRequirementBuilder()
                                .withKey("app").withOperator("In").build()).build()).build())
                .endPreferredDuringSchedulingIgnoredDuringExecution().endPodAffinity().build());
        String at = "spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]";
        // when / then
        assertThat(rejection(pod)).isEqualTo("Pod \"web\" is invalid: [" + at + ".weight: Invalid value: 101: "
                + "must be in the range 1-100, " + at + ".podAffinityTerm.labelSelector.matchExpressions[0].values: "
                + "Required value: must be specified when `operator` is 'In' or 'NotIn']");
    }

    @Test
    void maxSkewMustBePositive() {
        Pod pod = pod(app());
        pod.getSpec().setTopologySpreadConstraints(List.of(spread(0, "zone", "DoNotSchedule")));
        assertThat(rejection(pod)).isEqualTo("Pod \"web\" is invalid: spec.topologySpreadConstraints[0].maxSkew: "
                + "Invalid value: 0: must be greater than zero");
    }

    @Test
    void spreadTopologyKeyIsRequired() {
        Pod pod = pod(app());
        pod.getSpec().setTopologySpreadConstraints(List.of(spread(1, "", "DoNotSchedule")));
        assertThat(rejection(pod)).isEqualTo("Pod \"web\" is invalid: spec.topologySpreadConstraints[0].topologyKey: "
                + "Required value: can not be empty");
    }

    @Test
    void whenUnsatisfiableMustBeKnown() {
        Pod pod = pod(app());
        pod.getSpec().setTopologySpreadConstraints(List.of(spread(1, "zone", "Sometimes")));
        assertThat(rejection(pod)).isEqualTo("Pod \"web\" is invalid: spec.topologySpreadConstraints[0].whenUnsatisfiable: "
                + "Unsupported value: \"Sometimes\": supported values: \"DoNotSchedule\", \"ScheduleAnyway\"");
    }

    @Test
    void spreadConstraintPairsAreUnique() {
        Pod pod = pod(app());
        pod.getSpec().setTopologySpreadConstraints(List.of(spread(1, "zone", "DoNotSchedule"), spread(2, "zone", "DoNotSchedule")));
        assertThat(rejection(pod)).isEqualTo("Pod \"web\" is invalid: "
                + "spec.topologySpreadConstraints[0].{topologyKey, whenUnsatisfiable}: Duplicate value: \"{zone, DoNotSchedule}\"");
    }

    @Test
    void minDomainsNeedsDoNotSchedule() {
        // given
        TopologySpreadConstraint constraint = spread(1, "zone", "ScheduleAnyway");
        constraint.setMinDomains(2);
        Pod pod = pod(app());
        pod.getSpec().setTopologySpreadConstraints(List.of(constraint));
        // when / then
        assertThat(rejection(pod)).isEqualTo("Pod \"web\" is invalid: spec.topologySpreadConstraints[0].minDomains: "
                + "Invalid value: 2: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway");
    }

    @Test
    void spreadLabelSelectorIsValidated() {
        // given
        TopologySpreadConstraint constraint = spread(1, "zone", "DoNotSchedule");
        constraint.setLabelSelector(new LabelSelectorBuilder().withMatchExpressions(new LabelSelectorRequirementBuilder()
                .withKey("app").withOperator("Equals").withValues("web").build()).build());
        Pod pod = pod(app());
        pod.getSpec().setTopologySpreadConstraints(List.of(constraint));
        // when / then
        assertThat(rejection(pod)).isEqualTo("Pod \"web\" is invalid: spec.topologySpreadConstraints[0].labelSelector"
                + ".matchExpressions[0].operator: Invalid value: \"Equals\": not a valid selector operator");
    }

    @Test
    void extendedResourceMustBeAnInteger() {
        // given: the request defaults from the limit, so both are reported
        Pod pod = pod(appBuilder().withNewResources().addToLimits("example.com/gpu", new Quantity("500m")).endResources().build());
        // when / then: upstream passes the resource.Quantity, which field.Error prints with String(), unquoted
        assertThat(rejection(pod)).isEqualTo("Pod \"web\" is invalid: [spec.containers[0].resources.limits[example.com/gpu]: "
                + "Invalid value: 500m: must be an integer, spec.containers[0].resources.requests[example.com/gpu]: "
                + "Invalid value: 500m: must be an integer]");
    }

    @Test
    void wholeExtendedResourceInMilliUnitsIsAdmitted() {
        assertThatCode(() -> created(pod(appBuilder().withNewResources()
                .addToLimits("example.com/gpu", new Quantity("2000m")).endResources().build())))
                .doesNotThrowAnyException();
    }

    @Test
    void fractionalCpuIsNotAnIntegerResource() {
        assertThatCode(() -> created(pod(appBuilder().withNewResources()
                .addToLimits("cpu", new Quantity("500m")).endResources().build())))
                .doesNotThrowAnyException();
    }

    @Test
    void deploymentTemplateAffinityErrorCarriesTheTemplatePath() {
        // given
        Deployment deployment = new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withTemplate(new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", "web").endMetadata()
                        .withNewSpec().withContainers(app()).withAffinity(requiredExpression(requirement("disk", "In")))
                        .endSpec().build())
                .endSpec().build();
        // when / then
        assertThat(rejection(deployment)).isEqualTo("Deployment.apps \"web\" is invalid: spec.template."
                + REQUIRED_TERMS + "[0].matchExpressions[0].values: Required value: "
                + "must be specified when `operator` is 'In' or 'NotIn'");
    }

    @Test
    void schedulingErrorsAreReportedTogetherInUpstreamOrder() {
        // given: tolerations come after affinity and spread constraints, the node selector before them
        Pod pod = withRequiredExpression(requirement("disk", "Near", "ssd"));
        pod.getSpec().setNodeSelector(Map.of("disk", "fast ssd"));
        pod.getSpec().setTopologySpreadConstraints(List.of(spread(0, "zone", "DoNotSchedule")));
        pod.getSpec().setTolerations(List.of(new TolerationBuilder().withKey("dedicated").withOperator("Exists")
                .withValue("gpu").build()));
        // when / then
        assertThat(rejection(pod)).isEqualTo("Pod \"web\" is invalid: [spec.nodeSelector: Invalid value: \"fast ssd\": "
                + "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
                + "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used "
                + "for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?'), "
                + REQUIRED_TERMS + "[0].matchExpressions[0].operator: Invalid value: \"Near\": not a valid selector operator, "
                + "spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero, "
                + "spec.tolerations[0].operator: Invalid value: \"gpu\": value must be empty when `operator` is 'Exists']");
    }

    private static Pod withRequiredExpression(NodeSelectorRequirement requirement) {
        Pod pod = pod(app());
        pod.getSpec().setAffinity(requiredExpression(requirement));
        return pod;
    }

    private static Affinity requiredExpression(NodeSelectorRequirement requirement) {
        return new AffinityBuilder().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().withMatchExpressions(requirement).endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build();
    }

    private static NodeSelectorRequirement requirement(String key, String operator, String... values) {
        return new NodeSelectorRequirementBuilder().withKey(key).withOperator(operator).withValues(values).build();
    }

    private static TopologySpreadConstraint spread(int maxSkew, String key, String whenUnsatisfiable) {
        return new TopologySpreadConstraintBuilder().withMaxSkew(maxSkew).withTopologyKey(key)
                .withWhenUnsatisfiable(whenUnsatisfiable).build();
    }
}
