package dev.peapod.admission;

import dev.peapod.store.Admission;
import dev.peapod.store.ApiException;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClassBuilder;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.peapod.admission.Manifests.created;
import static dev.peapod.admission.Manifests.rejection;
import static dev.peapod.admission.Manifests.updateRejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Namespace, Node, ServiceAccount, Endpoints, PersistentVolumeClaim (pkg/apis/core/validation/validation.go),
 * PriorityClass (pkg/apis/scheduling/validation) and RuntimeClass (pkg/apis/node/validation), v1.33.
 */
class ClusterKindsValidationTest {
    private static final String QUANTITY_FORMAT = "quantities must match the regular expression "
            + "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    private static final String DNS_LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric "
            + "characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
            + "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    @Test
    void aNamespaceFinalizerIsStandardOrQualified() {
        var namespace = new NamespaceBuilder().withNewMetadata().withName("team").endMetadata()
                .withNewSpec().withFinalizers("kubernetes", "bad").endSpec().build();
        // upstream names the list, not the item
        assertThat(rejection(namespace)).isEqualTo("Namespace \"team\" is invalid: spec.finalizers: Invalid value: "
                + "\"bad\": name is neither a standard finalizer name nor is it fully qualified");
    }

    @Test
    void aServiceAccountNameIsADnsSubdomain() {
        var account = new ServiceAccountBuilder().withNewMetadata().withName("Builder").withNamespace("default").endMetadata().build();
        assertThat(rejection(account)).startsWith("ServiceAccount \"Builder\" is invalid: metadata.name: Invalid value: "
                + "\"Builder\": a lowercase RFC 1123 subdomain must consist of");
    }

    @Test
    void nodeTaintsNeedAnEffectAndAreUniqueByKeyAndEffect() {
        Node node = node(new Taint("NoSchedule", "gpu", null, null), new Taint("NoSchedule", "gpu", null, null),
                new Taint(null, "zone", null, "a"), new Taint("Never", "x", null, null));
        // upstream builds the taints' path from "metadata"
        assertThat(rejection(node)).isEqualTo("Node \"node-1\" is invalid: ["
                + "metadata.taints[1]: Duplicate value: core.Taint{Key:\"gpu\", Value:\"\", Effect:\"NoSchedule\", "
                + "TimeAdded:(*v1.Time)(nil)}: taints must be unique by key and effect pair, "
                + "metadata.taints[2].effect: Required value, "
                + "metadata.taints[3].effect: Unsupported value: \"Never\": supported values: \"NoSchedule\", "
                + "\"PreferNoSchedule\", \"NoExecute\"]");
    }

    @Test
    void nodeCapacityIsNotNegativeAndPodCidrsAreCidrs() {
        Node node = node();
        node.getSpec().setPodCIDRs(List.of("banana"));
        node.setStatus(new io.fabric8.kubernetes.api.model.NodeStatusBuilder()
                .withCapacity(Map.of("cpu", new Quantity("-1"), "pods", new Quantity("110"))).build());
        assertThat(rejection(node)).isEqualTo("Node \"node-1\" is invalid: ["
                + "status.capacity.cpu: Invalid value: \"-1\": must be greater than or equal to 0, "
                // SetDefaults_NodeStatus copied the capacity into allocatable before validation
                + "status.allocatable.cpu: Invalid value: \"-1\": must be greater than or equal to 0, "
                + "spec.podCIDRs[0]: Invalid value: \"banana\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)]");
    }

    @Test
    void aNodeQuantityThatDoesNotParseIsABadRequest() {
        Node node = node();
        node.setStatus(new io.fabric8.kubernetes.api.model.NodeStatusBuilder()
                .withCapacity(Map.of("memory", new Quantity("lots"))).build());
        ApiException e = thrown(node);
        assertThat(e.code()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("Node in version \"v1\" cannot be handled as a Node: " + QUANTITY_FORMAT);
        assertThat(e.causes().get(0)).hasToString("status.capacity[memory]: Invalid value: \"lots\": " + QUANTITY_FORMAT);
    }

    @Test
    void theSingularPodCidrOfOlderClientsIsValidatedAsPodCidrsZero() {
        // Convert_v1_NodeSpec_To_core_NodeSpec: podCIDR fills an empty podCIDRs
        Node node = node();
        node.getSpec().setPodCIDR("banana");
        assertThat(rejection(node)).isEqualTo("Node \"node-1\" is invalid: spec.podCIDRs[0]: Invalid value: \"banana\": "
                + "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)");
    }

    @Test
    void aNodeKeepsItsPodCidrWhenAnOlderClientChangesTheSingularField() {
        Node old = node();
        old.getSpec().setPodCIDR("10.244.1.0/24");
        old.getSpec().setPodCIDRs(List.of("10.244.1.0/24"));
        created(old);
        // a patch of podCIDR alone leaves podCIDRs as stored; the differing podCIDR is authoritative
        Node changed = new NodeBuilder(old).editSpec().withPodCIDR("10.99.0.0/24").endSpec().build();
        assertThat(updateRejection(changed, old)).isEqualTo("Node \"node-1\" is invalid: spec.podCIDRs: Forbidden: "
                + "node updates may not change podCIDR except from \"\" to valid");
        Node same = new NodeBuilder(old).editSpec().withPodCIDR("10.244.1.0/24").endSpec().build();
        assertThat(NodeValidation.podCidrs(same)).containsExactly("10.244.1.0/24");
    }

    @Test
    void aNodeKeepsItsPodCidr() {
        Node old = node();
        old.getSpec().setPodCIDRs(List.of("10.244.1.0/24"));
        created(old);
        Node changed = new NodeBuilder(old).editSpec().withPodCIDRs("10.244.2.0/24").endSpec().build();
        assertThat(updateRejection(changed, old)).isEqualTo("Node \"node-1\" is invalid: spec.podCIDRs: Forbidden: "
                + "node updates may not change podCIDR except from \"\" to valid");
    }

    @Test
    void morePodCidrsThanOnePerIpFamilyAreRefusedBeforeTheDuplicateCheck() {
        // given: two IPv4 CIDRs, three CIDRs, a duplicate, and an unparsable one among two
        Node twoV4 = node();
        twoV4.getSpec().setPodCIDRs(List.of("10.244.1.0/24", "10.244.2.0/24"));
        Node three = node();
        three.getSpec().setPodCIDRs(List.of("10.244.1.0/24", "fd00::/64", "10.244.2.0/24"));
        Node duplicate = node();
        duplicate.getSpec().setPodCIDRs(List.of("10.244.1.0/24", "10.244.1.0/24"));
        Node banana = node();
        banana.getSpec().setPodCIDRs(List.of("10.244.1.0/24", "banana"));
        Node dual = node();
        dual.getSpec().setPodCIDRs(List.of("10.244.1.0/24", "fd00::/64"));
        // when / then: ValidateNode, IsDualStackCIDRStrings then the duplicate check
        assertThat(rejection(twoV4)).isEqualTo("Node \"node-1\" is invalid: spec.podCIDRs: Invalid value: "
                + "[]string{\"10.244.1.0/24\", \"10.244.2.0/24\"}: may specify no more than one CIDR for each IP family");
        assertThat(rejection(three)).isEqualTo("Node \"node-1\" is invalid: spec.podCIDRs: Invalid value: "
                + "[]string{\"10.244.1.0/24\", \"fd00::/64\", \"10.244.2.0/24\"}: may specify no more than one CIDR for each IP family");
        assertThat(rejection(duplicate)).isEqualTo("Node \"node-1\" is invalid: ["
                + "spec.podCIDRs: Invalid value: []string{\"10.244.1.0/24\", \"10.244.1.0/24\"}: "
                + "may specify no more than one CIDR for each IP family, "
                + "spec.podCIDRs[1]: Duplicate value: \"10.244.1.0/24\"]");
        assertThat(rejection(banana)).isEqualTo("Node \"node-1\" is invalid: ["
                + "spec.podCIDRs[1]: Invalid value: \"banana\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64), "
                + "spec.podCIDRs: Internal error: invalid PodCIDRs. failed to check with dual stack with error:"
                + "failed to parse cidr value:\"banana\" with error:invalid CIDR address: banana, "
                + "spec.podCIDRs: Invalid value: []string{\"10.244.1.0/24\", \"banana\"}: "
                + "may specify no more than one CIDR for each IP family]");
        assertThat(created(dual).getSpec().getPodCIDRs()).containsExactly("10.244.1.0/24", "fd00::/64");
    }

    @Test
    void aNodeUpdateRunsTheCreateRulesFirst() {
        // given: a node without pod CIDRs gets an unparsable one (the controller manager may set one, not a bad one)
        Node old = node();
        created(old);
        Node changed = new NodeBuilder(old).editSpec().withPodCIDRs("banana").endSpec().build();
        // when / then: the Node strategy's ValidateUpdate runs ValidateNode, then ValidateNodeUpdate
        assertThat(updateRejection(changed, old)).isEqualTo("Node \"node-1\" is invalid: spec.podCIDRs[0]: Invalid value: "
                + "\"banana\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)");
    }

    @Test
    void aNodeUpdateRefusesAnAddressTwice() {
        // given
        Node old = node();
        created(old);
        Node changed = new NodeBuilder(old).editOrNewStatus()
                .addNewAddress().withType("InternalIP").withAddress("10.0.0.1").endAddress()
                .addNewAddress().withType("Hostname").withAddress("node-1").endAddress()
                .addNewAddress().withType("InternalIP").withAddress("10.0.0.1").endAddress().endStatus().build();
        // when / then: ValidateNodeUpdate
        assertThat(updateRejection(changed, old)).isEqualTo("Node \"node-1\" is invalid: status.addresses[2]: Duplicate value: "
                + "core.NodeAddress{Type:\"InternalIP\", Address:\"10.0.0.1\"}");
    }

    @Test
    void endpointsAddressesAreUsableIpsAndPortsInRange() {
        var endpoints = new EndpointsBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .addNewSubset().addNewAddress().withIp("banana").endAddress().addNewPort().withPort(0).endPort().endSubset()
                .addNewSubset().endSubset().build();
        assertThat(rejection(endpoints)).isEqualTo("Endpoints \"web\" is invalid: ["
                + "subsets[0].addresses[0].ip: Invalid value: \"banana\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff), "
                + "subsets[0].addresses[0].ip: Invalid value: \"banana\": must be a valid IP address, "
                + "subsets[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, "
                + "subsets[1]: Required value: must specify `addresses` or `notReadyAddresses`]");
    }

    @Test
    void endpointPortsDefaultToTcp() {
        var endpoints = created(new EndpointsBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .addNewSubset().addNewAddress().withIp("10.244.0.5").endAddress().addNewPort().withPort(80).endPort().endSubset()
                .build());
        assertThat(endpoints.getSubsets().get(0).getPorts().get(0).getProtocol()).isEqualTo("TCP");
    }

    @Test
    void aClaimNeedsAnAccessModeAndAStorageRequest() {
        PersistentVolumeClaim claim = claim(List.of(), null);
        assertThat(rejection(claim)).isEqualTo("PersistentVolumeClaim \"data\" is invalid: ["
                + "spec.accessModes: Required value: at least 1 access mode is required, spec.resources[storage]: Required value]");
    }

    @Test
    void aClaimsAccessModesAndVolumeModeAreKnownAndItsStoragePositive() {
        PersistentVolumeClaim claim = claim(List.of("ReadWrite"), "0");
        claim.getSpec().setVolumeMode("Raw");
        assertThat(rejection(claim)).isEqualTo("PersistentVolumeClaim \"data\" is invalid: ["
                + "spec.accessModes: Unsupported value: \"ReadWrite\": supported values: \"ReadOnlyMany\", \"ReadWriteMany\", "
                + "\"ReadWriteOnce\", \"ReadWriteOncePod\", "
                + "spec.resources[storage]: Invalid value: \"0\": must be greater than zero, "
                + "spec.volumeMode: Unsupported value: \"Raw\": supported values: \"Block\", \"Filesystem\"]");
    }

    @Test
    void aClaimIsDefaultedToAFilesystemVolume() {
        assertThat(created(claim(List.of("ReadWriteOnce"), "1Gi")).getSpec().getVolumeMode()).isEqualTo("Filesystem");
    }

    @Test
    void aStorageRequestThatDoesNotParseIsABadRequest() {
        ApiException e = thrown(claim(List.of("ReadWriteOnce"), "lots"));
        assertThat(e.getMessage()).isEqualTo("PersistentVolumeClaim in version \"v1\" cannot be handled as a "
                + "PersistentVolumeClaim: " + QUANTITY_FORMAT);
        assertThat(e.causes().get(0)).hasToString("spec.resources.requests[storage]: Invalid value: \"lots\": " + QUANTITY_FORMAT);
        assertThat(thrown(claim(List.of("ReadWriteOnce"), "5mi")).getMessage()).endsWith(
                "cannot be handled as a PersistentVolumeClaim: unable to parse quantity's suffix");
    }

    @Test
    void aPendingClaimsSpecIsImmutableAndABoundClaimMayGrow() {
        // given
        PersistentVolumeClaim old = created(claim(List.of("ReadWriteOnce"), "1Gi"));
        PersistentVolumeClaim bigger = new PersistentVolumeClaimBuilder(old).editSpec().editResources()
                .withRequests(Map.of("storage", new Quantity("2Gi"))).endResources().endSpec().build();
        // when / then
        assertThat(updateRejection(bigger, old)).isEqualTo("PersistentVolumeClaim \"data\" is invalid: spec: Forbidden: "
                + "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims");
        old.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder().withPhase("Bound").build());
        bigger.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder().withPhase("Bound").build());
        new ApiAdmission().admit(Admission.Operation.UPDATE, bigger, old);
    }

    @Test
    void aUserPriorityClassStaysBelowTheSystemRange() {
        assertThat(rejection(priorityClass("high", 2_000_000_000))).isEqualTo("PriorityClass.scheduling.k8s.io \"high\" "
                + "is invalid: value: Forbidden: maximum allowed value of a user defined priority is 1000000000");
        assertThat(rejection(priorityClass("system-mine", 10))).isEqualTo("PriorityClass.scheduling.k8s.io "
                + "\"system-mine\" is invalid: metadata.name: Forbidden: priority class names with 'system-' prefix are "
                + "reserved for system use only. error: system-mine is not a known system priority class");
    }

    @Test
    void aPriorityClassPolicyIsKnownAndItsValueImmutable() {
        PriorityClass bad = priorityClass("batch", 10);
        bad.setPreemptionPolicy("Sometimes");
        assertThat(rejection(bad)).isEqualTo("PriorityClass.scheduling.k8s.io \"batch\" is invalid: preemptionPolicy: "
                + "Unsupported value: \"Sometimes\": supported values: \"PreemptLowerPriority\", \"Never\"");
        PriorityClass old = created(priorityClass("batch", 10));
        assertThat(old.getPreemptionPolicy()).isEqualTo("PreemptLowerPriority");
        PriorityClass changed = new PriorityClassBuilder(old).withValue(20).build();
        assertThat(updateRejection(changed, old)).isEqualTo("PriorityClass.scheduling.k8s.io \"batch\" is invalid: "
                + "value: Forbidden: may not be changed in an update.");
    }

    @Test
    void aRuntimeClassHandlerIsADnsLabelAndImmutable() {
        assertThat(rejection(runtimeClass("Run C"))).isEqualTo("RuntimeClass.node.k8s.io \"sandboxed\" is invalid: "
                + "handler: Invalid value: \"Run C\": " + DNS_LABEL);
        RuntimeClass old = created(runtimeClass("runsc"));
        assertThat(updateRejection(new RuntimeClassBuilder(old).withHandler("kata").build(), old)).isEqualTo(
                "RuntimeClass.node.k8s.io \"sandboxed\" is invalid: handler: Invalid value: \"kata\": field is immutable");
    }

    @Test
    void aRuntimeClassUpdateRunsTheCreateRulesFirst() {
        // given
        RuntimeClass old = created(runtimeClass("runsc"));
        RuntimeClass changed = new RuntimeClassBuilder(old).withNewScheduling().addToNodeSelector("sandbox", "yes please")
                .endScheduling().build();
        // when / then: the strategy's ValidateUpdate runs ValidateRuntimeClass, then ValidateRuntimeClassUpdate
        assertThat(updateRejection(changed, old)).isEqualTo("RuntimeClass.node.k8s.io \"sandboxed\" is invalid: "
                + "scheduling.nodeSelector: Invalid value: \"yes please\": a valid label must be an empty string or consist "
                + "of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character "
                + "(e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
                + "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
    }

    @Test
    void aRuntimeClassRefusesATolerationTwice() {
        // given: the second and third tolerations repeat the first's key, operator, value and effect
        RuntimeClass rc = runtimeClass("runsc");
        rc.setScheduling(new io.fabric8.kubernetes.api.model.node.v1.SchedulingBuilder()
                .withTolerations(new Toleration("NoExecute", "sandbox", "Exists", null, null),
                        new Toleration("NoExecute", "sandbox", "Exists", null, null),
                        new Toleration("NoExecute", "sandbox", "Exists", 30L, null)).build());
        // when / then: validateTolerations (pkg/apis/node/validation/validation.go)
        assertThat(rejection(rc)).isEqualTo("RuntimeClass.node.k8s.io \"sandboxed\" is invalid: ["
                + "scheduling.tolerations[1]: Duplicate value: core.Toleration{Key:\"sandbox\", Operator:\"Exists\", Value:\"\", "
                + "Effect:\"NoExecute\", TolerationSeconds:(*int64)(nil)}, "
                + "scheduling.tolerations[2]: Duplicate value: core.Toleration{Key:\"sandbox\", Operator:\"Exists\", Value:\"\", "
                + "Effect:\"NoExecute\", TolerationSeconds:(*int64)(0xc000000000)}]");
    }

    @Test
    void endpointHostnamesArePortNamesAndProtocolsAreChecked() {
        var endpoints = new EndpointsBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .addNewSubset().addNewAddress().withIp("10.244.0.5").withHostname("Web_1").endAddress()
                .addNewPort().withPort(80).endPort().addNewPort().withName("tls").withPort(443).withProtocol("QUIC").endPort()
                .endSubset().build();
        assertThat(rejection(endpoints)).isEqualTo("Endpoints \"web\" is invalid: ["
                + "subsets[0].addresses[0].hostname: Invalid value: \"Web_1\": " + DNS_LABEL + ", "
                + "subsets[0].ports[0].name: Required value, "
                + "subsets[0].ports[1].protocol: Unsupported value: \"QUIC\": supported values: \"SCTP\", \"TCP\", \"UDP\"]");
    }

    @Test
    void aNodeKeepsItsProviderId() {
        Node old = node();
        old.getSpec().setProviderID("fake://node-1");
        Node changed = new NodeBuilder(old).editSpec().withProviderID("fake://node-2").endSpec().build();
        assertThat(updateRejection(changed, old)).isEqualTo("Node \"node-1\" is invalid: spec.providerID: Forbidden: "
                + "node updates may not change providerID except from \"\" to valid");
    }

    @Test
    void readWriteOncePodStandsAloneAndTheStorageClassIsADnsSubdomain() {
        PersistentVolumeClaim claim = claim(List.of("ReadWriteOncePod", "ReadWriteOnce"), "1Gi");
        claim.getSpec().setStorageClassName("Fast_SSD");
        assertThat(rejection(claim)).isEqualTo("PersistentVolumeClaim \"data\" is invalid: ["
                + "spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes, "
                + "spec.storageClassName: Invalid value: \"Fast_SSD\": a lowercase RFC 1123 subdomain must consist of lower "
                + "case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character "
                + "(e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')]");
    }

    @Test
    void aClaimsDataSourceIsAClaimOrAGroupedKindAndMatchesItsRef() {
        PersistentVolumeClaim core = claim(List.of("ReadWriteOnce"), "1Gi");
        core.getSpec().setDataSource(new io.fabric8.kubernetes.api.model.TypedLocalObjectReference(null, "Snapshot", null));
        assertThat(rejection(core)).isEqualTo("PersistentVolumeClaim \"data\" is invalid: ["
                + "spec.dataSource.name: Required value, "
                + "spec.dataSource: Invalid value: \"Snapshot\": must be 'PersistentVolumeClaim' when referencing the default apiGroup]");
        PersistentVolumeClaim mismatch = claim(List.of("ReadWriteOnce"), "1Gi");
        mismatch.getSpec().setDataSource(new io.fabric8.kubernetes.api.model.TypedLocalObjectReference(null, "PersistentVolumeClaim", "a"));
        mismatch.getSpec().setDataSourceRef(new io.fabric8.kubernetes.api.model.TypedObjectReference(null, "PersistentVolumeClaim", "b", null));
        // upstream prints the field.Path struct, heap address included; Peapod prints the path
        assertThat(rejection(mismatch)).isEqualTo("PersistentVolumeClaim \"data\" is invalid: spec: Invalid value: "
                + "spec.dataSource: must match dataSourceRef");
    }

    @Test
    void aBoundClaimMayNotShrinkToItsStatusCapacity() {
        // given: a bound claim asking 3Gi whose volume holds 2Gi (an expansion that failed)
        PersistentVolumeClaim old = created(claim(List.of("ReadWriteOnce"), "3Gi"));
        old.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder().withPhase("Bound")
                .withCapacity(Map.of("storage", new Quantity("2Gi"))).build());
        PersistentVolumeClaim toCapacity = resized(old, "2Gi");
        PersistentVolumeClaim aboveCapacity = resized(old, "2500Mi");
        // when / then: ValidatePersistentVolumeClaimUpdate with RecoverVolumeExpansionFailure on
        assertThat(updateRejection(toCapacity, old)).isEqualTo("PersistentVolumeClaim \"data\" is invalid: "
                + "spec.resources.requests.storage: Forbidden: field can not be less than status.capacity");
        new ApiAdmission().admit(Admission.Operation.UPDATE, aboveCapacity, old);
        assertThat(aboveCapacity.getSpec().getResources().getRequests().get("storage")).isEqualTo(new Quantity("2500Mi"));
    }

    @Test
    void theBetaStorageClassAnnotationIsImmutableButMayMoveToTheSpec() {
        // given
        PersistentVolumeClaim old = claim(List.of("ReadWriteOnce"), "1Gi");
        old.getMetadata().setAnnotations(Map.of("volume.beta.kubernetes.io/storage-class", "fast"));
        created(old);
        PersistentVolumeClaim changed = new PersistentVolumeClaimBuilder(old).editMetadata()
                .withAnnotations(Map.of("volume.beta.kubernetes.io/storage-class", "slow")).endMetadata().build();
        PersistentVolumeClaim moved = new PersistentVolumeClaimBuilder(old).editSpec().withStorageClassName("fast").endSpec().build();
        // when / then: ValidateImmutableAnnotation builds the path with Child; validateStorageClassUpgradeFromAnnotation
        assertThat(updateRejection(changed, old)).isEqualTo("PersistentVolumeClaim \"data\" is invalid: "
                + "metadata.annotations.volume.beta.kubernetes.io/storage-class: Invalid value: \"slow\": field is immutable");
        new ApiAdmission().admit(Admission.Operation.UPDATE, moved, old);
        assertThat(moved.getSpec().getStorageClassName()).isEqualTo("fast");
    }

    @Test
    void aClaimWithoutAClassMayGetOneButNotChangeIt() {
        // given
        PersistentVolumeClaim old = created(claim(List.of("ReadWriteOnce"), "1Gi"));
        PersistentVolumeClaim named = new PersistentVolumeClaimBuilder(old).editSpec().withStorageClassName("fast").endSpec().build();
        // when: validateStorageClassUpgradeFromNil lets nil become a name
        new ApiAdmission().admit(Admission.Operation.UPDATE, named, old);
        PersistentVolumeClaim renamed = new PersistentVolumeClaimBuilder(named).editSpec().withStorageClassName("slow").endSpec().build();
        // then
        assertThat(updateRejection(renamed, named)).isEqualTo("PersistentVolumeClaim \"data\" is invalid: spec: Forbidden: "
                + "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims");
    }

    @Test
    void volumeAttributesClassNameIsDroppedWhileItsGateIsOff() {
        // given
        PersistentVolumeClaim claim = claim(List.of("ReadWriteOnce"), "1Gi");
        claim.getSpec().setVolumeAttributesClassName("gold");
        // when: DropDisabledSpecFields, VolumeAttributesClass being off by default in v1.33
        PersistentVolumeClaim stored = created(claim);
        PersistentVolumeClaim changed = new PersistentVolumeClaimBuilder(stored).editSpec().withVolumeAttributesClassName("silver")
                .endSpec().build();
        new ApiAdmission().admit(Admission.Operation.UPDATE, changed, stored);
        // then
        assertThat(stored.getSpec().getVolumeAttributesClassName()).isNull();
        assertThat(changed.getSpec().getVolumeAttributesClassName()).isNull();
    }

    private static PersistentVolumeClaim resized(PersistentVolumeClaim old, String storage) {
        return new PersistentVolumeClaimBuilder(old).editSpec().editResources()
                .withRequests(Map.of("storage", new Quantity(storage))).endResources().endSpec().build();
    }

    @Test
    void aClaimsVolumeModeIsImmutable() {
        PersistentVolumeClaim old = created(claim(List.of("ReadWriteOnce"), "1Gi"));
        PersistentVolumeClaim block = new PersistentVolumeClaimBuilder(old).editSpec().withVolumeMode("Block").endSpec().build();
        // upstream's path for this one is "volumeMode", without "spec."
        assertThat(updateRejection(block, old)).isEqualTo("PersistentVolumeClaim \"data\" is invalid: ["
                + "spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName "
                + "for bound claims, volumeMode: Invalid value: \"Block\": field is immutable]");
    }

    @Test
    void aSystemPriorityClassHasItsOwnValueAndAPolicyIsImmutable() {
        assertThat(rejection(priorityClass("system-node-critical", 10))).isEqualTo("PriorityClass.scheduling.k8s.io "
                + "\"system-node-critical\" is invalid: metadata.name: Forbidden: priority class names with 'system-' "
                + "prefix are reserved for system use only. error: value of system-node-critical PriorityClass must be 2000001000");
        created(priorityClass("system-node-critical", 2_000_001_000));
        PriorityClass old = created(priorityClass("batch", 10));
        PriorityClass never = new PriorityClassBuilder(old).withPreemptionPolicy("Never").build();
        assertThat(updateRejection(never, old)).isEqualTo("PriorityClass.scheduling.k8s.io \"batch\" is invalid: "
                + "preemptionPolicy: Invalid value: \"Never\": field is immutable");
    }

    @Test
    void aRuntimeClassOverheadAndSchedulingAreChecked() {
        RuntimeClass rc = runtimeClass("runsc");
        rc.setOverhead(new io.fabric8.kubernetes.api.model.node.v1.OverheadBuilder()
                .withPodFixed(Map.of("cpu", new Quantity("-1"))).build());
        rc.setScheduling(new io.fabric8.kubernetes.api.model.node.v1.SchedulingBuilder()
                .withNodeSelector(Map.of("sandbox", "yes please")).build());
        assertThat(rejection(rc)).isEqualTo("RuntimeClass.node.k8s.io \"sandboxed\" is invalid: ["
                + "overhead.limits[cpu]: Invalid value: \"-1\": must be greater than or equal to 0, "
                + "scheduling.nodeSelector: Invalid value: \"yes please\": a valid label must be an empty string or consist "
                + "of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character "
                + "(e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
                + "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')]");
    }

    @Test
    void nodeAllocatableIsCheckedAndPodCidrsAreUnique() {
        Node node = node();
        node.getSpec().setPodCIDRs(List.of("10.244.1.0/24", "10.244.1.0/24"));
        node.setStatus(new io.fabric8.kubernetes.api.model.NodeStatusBuilder()
                .withAllocatable(Map.of("memory", new Quantity("-1Gi"))).build());
        assertThat(rejection(node)).isEqualTo("Node \"node-1\" is invalid: ["
                + "status.allocatable.memory: Invalid value: \"-1Gi\": must be greater than or equal to 0, "
                // issue #8 round 3: two IPv4 CIDRs are not a dual-stack pair, refused before the duplicate
                + "spec.podCIDRs: Invalid value: []string{\"10.244.1.0/24\", \"10.244.1.0/24\"}: "
                + "may specify no more than one CIDR for each IP family, "
                + "spec.podCIDRs[1]: Duplicate value: \"10.244.1.0/24\"]");
    }

    private static ApiException thrown(HasMetadata object) {
        ApiException[] e = new ApiException[1];
        assertThatThrownBy(() -> created(object)).isInstanceOfSatisfying(ApiException.class, x -> e[0] = x);
        return e[0];
    }

    private static Node node(Taint... taints) {
        return new NodeBuilder().withNewMetadata().withName("node-1").endMetadata()
                .withNewSpec().withTaints(taints).endSpec().build();
    }

    private static PersistentVolumeClaim claim(List<String> modes, String storage) {
        var builder = new PersistentVolumeClaimBuilder().withNewMetadata().withName("data").withNamespace("default").endMetadata()
                .withNewSpec().withAccessModes(modes).endSpec();
        if (storage != null) {
            builder.editSpec().withNewResources().withRequests(Map.of("storage", new Quantity(storage))).endResources().endSpec();
        }
        return builder.build();
    }

    private static PriorityClass priorityClass(String name, int value) {
        return new PriorityClassBuilder().withNewMetadata().withName(name).endMetadata().withValue(value).build();
    }

    private static RuntimeClass runtimeClass(String handler) {
        return new RuntimeClassBuilder().withNewMetadata().withName("sandboxed").endMetadata().withHandler(handler).build();
    }
}
