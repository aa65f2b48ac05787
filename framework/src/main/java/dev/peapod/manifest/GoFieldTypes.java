package dev.peapod.manifest;

import java.util.Map;
import java.util.Set;

/**
 * The Go types of the fields Fabric8 models with a plain Java type, as reflect names them in
 * encoding/json's UnmarshalTypeError: Go's named string types ({@code type RestartPolicy string}) keep
 * their names, {@code []byte} is {@code []uint8}, a named map ({@code ResourceList}) keeps its name.
 * Fabric8 models all of them as String, List&lt;String&gt; or Map&lt;String, String&gt;, so reflection on the
 * model alone would say {@code string}.
 *
 * <p>Generated from k8s.io/api v0.33.0 (Kubernetes v1.33): core/v1/types.go, apps/v1/types.go,
 * batch/v1/types.go, scheduling/v1/types.go and node/v1/types.go, every struct field whose type is a
 * named type that is not a struct (after {@code *}, {@code []} and {@code map}), or {@code []byte}, or
 * {@code types.UID}; plus ObjectMeta.uid and OwnerReference.uid (apimachinery pkg/apis/meta/v1/types.go).
 * A type alias is named by its target, as reflect does ({@code ServiceExternalTrafficPolicyType =
 * ServiceExternalTrafficPolicy}). Keys are "Struct.jsonName"; the fields of EphemeralContainerCommon are
 * EphemeralContainer's, as Fabric8 and encoding/json both see them. Pointers are left out: encoding/json
 * reports the type it decodes into, behind the pointer ({@code *int32} replicas is {@code int32}).
 * metav1.Time and Duration fields are not here: they decode with their own UnmarshalJSON and other words.
 */
final class GoFieldTypes {
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("AppArmorProfile.type", "v1.AppArmorProfileType"),
            Map.entry("AttachedVolume.name", "v1.UniqueVolumeName"),
            Map.entry("AzureDiskVolumeSource.cachingMode", "v1.AzureDataDiskCachingMode"),
            Map.entry("AzureDiskVolumeSource.kind", "v1.AzureDataDiskKind"),
            Map.entry("Capabilities.add", "[]v1.Capability"),
            Map.entry("Capabilities.drop", "[]v1.Capability"),
            Map.entry("ComponentCondition.status", "v1.ConditionStatus"),
            Map.entry("ComponentCondition.type", "v1.ComponentConditionType"),
            Map.entry("ConfigMap.binaryData", "map[string][]uint8"),
            Map.entry("ConfigMapNodeConfigSource.uid", "types.UID"),
            Map.entry("Container.imagePullPolicy", "v1.PullPolicy"),
            Map.entry("Container.restartPolicy", "v1.ContainerRestartPolicy"),
            Map.entry("Container.terminationMessagePolicy", "v1.TerminationMessagePolicy"),
            Map.entry("ContainerPort.protocol", "v1.Protocol"),
            Map.entry("ContainerResizePolicy.resourceName", "v1.ResourceName"),
            Map.entry("ContainerResizePolicy.restartPolicy", "v1.ResourceResizeRestartPolicy"),
            Map.entry("ContainerStatus.allocatedResources", "v1.ResourceList"),
            Map.entry("ContainerStatus.stopSignal", "v1.Signal"),
            Map.entry("CronJobSpec.concurrencyPolicy", "v1.ConcurrencyPolicy"),
            Map.entry("DaemonSetCondition.status", "v1.ConditionStatus"),
            Map.entry("DaemonSetCondition.type", "v1.DaemonSetConditionType"),
            Map.entry("DaemonSetUpdateStrategy.type", "v1.DaemonSetUpdateStrategyType"),
            Map.entry("DeploymentCondition.status", "v1.ConditionStatus"),
            Map.entry("DeploymentCondition.type", "v1.DeploymentConditionType"),
            Map.entry("DeploymentStrategy.type", "v1.DeploymentStrategyType"),
            Map.entry("EmptyDirVolumeSource.medium", "v1.StorageMedium"),
            Map.entry("EndpointPort.protocol", "v1.Protocol"),
            Map.entry("EphemeralContainer.imagePullPolicy", "v1.PullPolicy"),
            Map.entry("EphemeralContainer.restartPolicy", "v1.ContainerRestartPolicy"),
            Map.entry("EphemeralContainer.terminationMessagePolicy", "v1.TerminationMessagePolicy"),
            Map.entry("HTTPGetAction.scheme", "v1.URIScheme"),
            Map.entry("HostPathVolumeSource.type", "v1.HostPathType"),
            Map.entry("ImageVolumeSource.pullPolicy", "v1.PullPolicy"),
            Map.entry("JobCondition.status", "v1.ConditionStatus"),
            Map.entry("JobCondition.type", "v1.JobConditionType"),
            Map.entry("JobSpec.completionMode", "v1.CompletionMode"),
            Map.entry("JobSpec.podReplacementPolicy", "v1.PodReplacementPolicy"),
            Map.entry("Lifecycle.stopSignal", "v1.Signal"),
            Map.entry("LimitRangeItem.default", "v1.ResourceList"),
            Map.entry("LimitRangeItem.defaultRequest", "v1.ResourceList"),
            Map.entry("LimitRangeItem.max", "v1.ResourceList"),
            Map.entry("LimitRangeItem.maxLimitRequestRatio", "v1.ResourceList"),
            Map.entry("LimitRangeItem.min", "v1.ResourceList"),
            Map.entry("LimitRangeItem.type", "v1.LimitType"),
            Map.entry("LoadBalancerIngress.ipMode", "v1.LoadBalancerIPMode"),
            Map.entry("ModifyVolumeStatus.status", "v1.PersistentVolumeClaimModifyVolumeStatus"),
            Map.entry("NamespaceCondition.status", "v1.ConditionStatus"),
            Map.entry("NamespaceCondition.type", "v1.NamespaceConditionType"),
            Map.entry("NamespaceSpec.finalizers", "[]v1.FinalizerName"),
            Map.entry("NamespaceStatus.phase", "v1.NamespacePhase"),
            Map.entry("NodeAddress.type", "v1.NodeAddressType"),
            Map.entry("NodeCondition.status", "v1.ConditionStatus"),
            Map.entry("NodeCondition.type", "v1.NodeConditionType"),
            Map.entry("NodeSelectorRequirement.operator", "v1.NodeSelectorOperator"),
            Map.entry("NodeStatus.allocatable", "v1.ResourceList"),
            Map.entry("NodeStatus.capacity", "v1.ResourceList"),
            Map.entry("NodeStatus.phase", "v1.NodePhase"),
            Map.entry("NodeStatus.volumesInUse", "[]v1.UniqueVolumeName"),
            Map.entry("ObjectMeta.uid", "types.UID"),
            Map.entry("ObjectReference.uid", "types.UID"),
            Map.entry("Overhead.podFixed", "v1.ResourceList"),
            Map.entry("OwnerReference.uid", "types.UID"),
            Map.entry("PersistentVolumeClaimCondition.status", "v1.ConditionStatus"),
            Map.entry("PersistentVolumeClaimCondition.type", "v1.PersistentVolumeClaimConditionType"),
            Map.entry("PersistentVolumeClaimSpec.accessModes", "[]v1.PersistentVolumeAccessMode"),
            Map.entry("PersistentVolumeClaimSpec.volumeMode", "v1.PersistentVolumeMode"),
            Map.entry("PersistentVolumeClaimStatus.accessModes", "[]v1.PersistentVolumeAccessMode"),
            Map.entry("PersistentVolumeClaimStatus.allocatedResourceStatuses", "map[v1.ResourceName]v1.ClaimResourceStatus"),
            Map.entry("PersistentVolumeClaimStatus.allocatedResources", "v1.ResourceList"),
            Map.entry("PersistentVolumeClaimStatus.capacity", "v1.ResourceList"),
            Map.entry("PersistentVolumeClaimStatus.phase", "v1.PersistentVolumeClaimPhase"),
            Map.entry("PersistentVolumeSpec.accessModes", "[]v1.PersistentVolumeAccessMode"),
            Map.entry("PersistentVolumeSpec.capacity", "v1.ResourceList"),
            Map.entry("PersistentVolumeSpec.persistentVolumeReclaimPolicy", "v1.PersistentVolumeReclaimPolicy"),
            Map.entry("PersistentVolumeSpec.volumeMode", "v1.PersistentVolumeMode"),
            Map.entry("PersistentVolumeStatus.phase", "v1.PersistentVolumePhase"),
            Map.entry("PodCondition.status", "v1.ConditionStatus"),
            Map.entry("PodCondition.type", "v1.PodConditionType"),
            Map.entry("PodFailurePolicyOnExitCodesRequirement.operator", "v1.PodFailurePolicyOnExitCodesOperator"),
            Map.entry("PodFailurePolicyOnPodConditionsPattern.status", "v1.ConditionStatus"),
            Map.entry("PodFailurePolicyOnPodConditionsPattern.type", "v1.PodConditionType"),
            Map.entry("PodFailurePolicyRule.action", "v1.PodFailurePolicyAction"),
            Map.entry("PodOS.name", "v1.OSName"),
            Map.entry("PodReadinessGate.conditionType", "v1.PodConditionType"),
            Map.entry("PodSecurityContext.fsGroupChangePolicy", "v1.PodFSGroupChangePolicy"),
            Map.entry("PodSecurityContext.seLinuxChangePolicy", "v1.PodSELinuxChangePolicy"),
            Map.entry("PodSecurityContext.supplementalGroupsPolicy", "v1.SupplementalGroupsPolicy"),
            Map.entry("PodSpec.dnsPolicy", "v1.DNSPolicy"),
            Map.entry("PodSpec.overhead", "v1.ResourceList"),
            Map.entry("PodSpec.preemptionPolicy", "v1.PreemptionPolicy"),
            Map.entry("PodSpec.restartPolicy", "v1.RestartPolicy"),
            Map.entry("PodStatus.phase", "v1.PodPhase"),
            Map.entry("PodStatus.qosClass", "v1.PodQOSClass"),
            Map.entry("PodStatus.resize", "v1.PodResizeStatus"),
            Map.entry("PortStatus.protocol", "v1.Protocol"),
            Map.entry("Preconditions.uid", "types.UID"),
            Map.entry("PriorityClass.preemptionPolicy", "v1.PreemptionPolicy"),
            Map.entry("ReplicaSetCondition.status", "v1.ConditionStatus"),
            Map.entry("ReplicaSetCondition.type", "v1.ReplicaSetConditionType"),
            Map.entry("ReplicationControllerCondition.status", "v1.ConditionStatus"),
            Map.entry("ReplicationControllerCondition.type", "v1.ReplicationControllerConditionType"),
            Map.entry("ResourceHealth.health", "v1.ResourceHealthStatus"),
            Map.entry("ResourceHealth.resourceID", "v1.ResourceID"),
            Map.entry("ResourceQuotaSpec.hard", "v1.ResourceList"),
            Map.entry("ResourceQuotaSpec.scopes", "[]v1.ResourceQuotaScope"),
            Map.entry("ResourceQuotaStatus.hard", "v1.ResourceList"),
            Map.entry("ResourceQuotaStatus.used", "v1.ResourceList"),
            Map.entry("ResourceRequirements.limits", "v1.ResourceList"),
            Map.entry("ResourceRequirements.requests", "v1.ResourceList"),
            Map.entry("ResourceStatus.name", "v1.ResourceName"),
            Map.entry("ScopedResourceSelectorRequirement.operator", "v1.ScopeSelectorOperator"),
            Map.entry("ScopedResourceSelectorRequirement.scopeName", "v1.ResourceQuotaScope"),
            Map.entry("SeccompProfile.type", "v1.SeccompProfileType"),
            Map.entry("Secret.data", "map[string][]uint8"),
            Map.entry("Secret.type", "v1.SecretType"),
            Map.entry("SecurityContext.procMount", "v1.ProcMountType"),
            Map.entry("ServicePort.protocol", "v1.Protocol"),
            Map.entry("ServiceSpec.externalTrafficPolicy", "v1.ServiceExternalTrafficPolicy"),
            Map.entry("ServiceSpec.internalTrafficPolicy", "v1.ServiceInternalTrafficPolicy"),
            Map.entry("ServiceSpec.ipFamilies", "[]v1.IPFamily"),
            Map.entry("ServiceSpec.ipFamilyPolicy", "v1.IPFamilyPolicy"),
            Map.entry("ServiceSpec.sessionAffinity", "v1.ServiceAffinity"),
            Map.entry("ServiceSpec.type", "v1.ServiceType"),
            Map.entry("StatefulSetCondition.status", "v1.ConditionStatus"),
            Map.entry("StatefulSetCondition.type", "v1.StatefulSetConditionType"),
            Map.entry("StatefulSetPersistentVolumeClaimRetentionPolicy.whenDeleted", "v1.PersistentVolumeClaimRetentionPolicyType"),
            Map.entry("StatefulSetPersistentVolumeClaimRetentionPolicy.whenScaled", "v1.PersistentVolumeClaimRetentionPolicyType"),
            Map.entry("StatefulSetSpec.podManagementPolicy", "v1.PodManagementPolicyType"),
            Map.entry("StatefulSetUpdateStrategy.type", "v1.StatefulSetUpdateStrategyType"),
            Map.entry("Taint.effect", "v1.TaintEffect"),
            Map.entry("Toleration.effect", "v1.TaintEffect"),
            Map.entry("Toleration.operator", "v1.TolerationOperator"),
            Map.entry("TopologySpreadConstraint.nodeAffinityPolicy", "v1.NodeInclusionPolicy"),
            Map.entry("TopologySpreadConstraint.nodeTaintsPolicy", "v1.NodeInclusionPolicy"),
            Map.entry("TopologySpreadConstraint.whenUnsatisfiable", "v1.UnsatisfiableConstraintAction"),
            Map.entry("UncountedTerminatedPods.failed", "[]types.UID"),
            Map.entry("UncountedTerminatedPods.succeeded", "[]types.UID"),
            Map.entry("VolumeMount.mountPropagation", "v1.MountPropagationMode"),
            Map.entry("VolumeMount.recursiveReadOnly", "v1.RecursiveReadOnlyMode"),
            Map.entry("VolumeMountStatus.recursiveReadOnly", "v1.RecursiveReadOnlyMode"),
            Map.entry("VolumeResourceRequirements.limits", "v1.ResourceList"),
            Map.entry("VolumeResourceRequirements.requests", "v1.ResourceList")
    );

    private GoFieldTypes() {
    }

    /** Every "Struct.jsonName" of the table. */
    static Set<String> fields() {
        return TYPES.keySet();
    }

    /** The Go type of {@code struct.field} when Fabric8's Java type does not name it, else null. */
    static String of(String struct, String field) {
        return TYPES.get(struct + "." + field);
    }
}
