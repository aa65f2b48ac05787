package dev.peapod.store;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceSpec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Service REST layer's cluster IP allocation on create (pkg/registry/core/service/storage/alloc.go
 * allocateCreate: initIPFamilyFields, then allocClusterIPs), over one IPv4 service CIDR,
 * {@value #SERVICE_CIDR} as kubeadm and kind configure it. The allocated set is the stored Services'
 * cluster IPs, so deleting a Service releases its address; the {@code kubernetes} Service's
 * {@value #KUBERNETES_IP} and kube-dns's {@value #DNS_IP}, which every real cluster holds and which
 * Peapod's kubelet and DNS settings name, are always taken.
 *
 * <p>Where the address comes from: upstream's allocator (pkg/registry/core/service/ipallocator/
 * ipallocator.go allocateNextService) splits the range at an offset (KEP-3070: 256 addresses for a
 * /12, calculateRangeOffset), starts at a random address of the upper part, scans upwards with
 * wrap-around for a free one, then tries the lower part the same way; its random source is seeded
 * with the wall clock. Peapod scans the same way but takes the start offset from an FNV-1a hash of
 * the Service's {@code namespace/name}: a Service gets the same address on every run whatever was
 * created before it, and the cluster's seeded Random is not drawn from (drawing would shift every
 * later generateName suffix of existing specs).
 *
 * <p>Not done: the IPAddress objects of the MultiCIDRServiceAllocator, node ports, and dual stack
 * (an IPv6 cluster IP is refused as upstream refuses it on an IPv4-only cluster).
 */
final class ServiceIps {
    static final String SERVICE_CIDR = "10.96.0.0/12";
    static final String KUBERNETES_IP = "10.96.0.1";
    static final String DNS_IP = "10.96.0.10";
    /** 10.96.0.0: the network address, never handed out. */
    private static final long NETWORK = (10L << 24) | (96L << 16);
    /** /12: 2^20 addresses, less the network and broadcast addresses (ipallocator.go: IPv4 uses neither). */
    private static final long SIZE = (1L << 20) - 2;
    /** calculateRangeOffset: min(max(16, size/16), 256). */
    static final long RANGE_OFFSET = Math.min(Math.max(16, SIZE / 16), 256);
    private static final long FIRST = NETWORK + 1;
    private static final long LAST = NETWORK + SIZE;
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    /** ipallocator.ErrAllocated. */
    static final String ALLOCATED = "provided IP is already allocated";

    private ServiceIps() {
    }

    /**
     * allocateCreate for an admitted Service: ipFamilyPolicy, ipFamilies and clusterIPs filled in as
     * initIPFamilyFields does on a single-stack IPv4 cluster, then a cluster IP allocated when none is
     * given. Nothing for an ExternalName Service; a headless one ({@code None}) gets no address.
     *
     * @param stored every Service stored now (the allocated addresses are theirs)
     */
    static void allocate(Service service, List<Service> stored) {
        ServiceSpec spec = service.getSpec();
        if (spec == null || "ExternalName".equals(spec.getType())) {
            return;
        }
        String clusterIp = spec.getClusterIP() == null ? "" : spec.getClusterIP();
        List<String> ips = spec.getClusterIPs() == null ? new ArrayList<>() : new ArrayList<>(spec.getClusterIPs());
        if (ips.isEmpty() && !clusterIp.isEmpty()) {
            ips.add(clusterIp); // strategy.go NormalizeClusterIPs
        }
        boolean selectorless = spec.getSelector() == null || spec.getSelector().isEmpty();
        boolean headless = clusterIp.equals("None");
        if (spec.getIpFamilyPolicy() == null) {
            spec.setIpFamilyPolicy(headless && selectorless ? "RequireDualStack" : "SingleStack");
        }
        String name = service.getMetadata().getName();
        for (int i = 0; i < ips.size(); i++) {
            if (ips.get(i).contains(":")) {
                throw ApiException.invalid("Service", name, List.of(FieldError.invalid(
                        "spec.clusterIPs[" + i + "]", new StringSlice(ips), "IPv6 is not configured on this cluster")));
            }
        }
        List<String> families = spec.getIpFamilies() == null ? new ArrayList<>() : new ArrayList<>(spec.getIpFamilies());
        if (!(headless && selectorless)) {
            checkFamilies(service);
        }
        if (families.isEmpty()) {
            families.add("IPv4");
        }
        if (headless && selectorless && families.size() < 2 && !"SingleStack".equals(spec.getIpFamilyPolicy())) {
            families.add(families.get(0).equals("IPv4") ? "IPv6" : "IPv4"); // the special case: headless + selectorless
        }
        spec.setIpFamilies(families);
        if (headless) {
            spec.setClusterIPs(new ArrayList<>(List.of("None")));
            return;
        }
        Set<Long> taken = taken(service, stored);
        String ip;
        if (clusterIp.isEmpty()) {
            ip = next(service, taken);
        } else {
            long address = parse(clusterIp);
            String failed = "failed to allocate IP " + format(address) + ": ";
            if (address < FIRST || address > LAST) {
                throw ApiException.invalid("Service", name, List.of(FieldError.invalid("spec.clusterIPs", new StringSlice(ips),
                        failed + "the provided IP (" + format(address) + ") is not in the valid range. The range of valid IPs is "
                                + SERVICE_CIDR)));
            }
            if (taken.contains(address)) {
                throw ApiException.invalid("Service", name, List.of(FieldError.invalid("spec.clusterIPs", new StringSlice(ips),
                        failed + ALLOCATED)));
            }
            ip = format(address);
        }
        spec.setClusterIP(ip);
        spec.setClusterIPs(new ArrayList<>(List.of(ip)));
    }

    /**
     * initIPFamilyFields after the headless + selectorless special case (alloc.go): "Demanding
     * dual-stack on a non dual-stack cluster" and a family the cluster does not serve are both
     * refused, in one Invalid error listing each, before anything is allocated or stored.
     */
    static void checkFamilies(Service service) {
        ServiceSpec spec = service.getSpec();
        List<FieldError> errors = new ArrayList<>();
        if ("RequireDualStack".equals(spec.getIpFamilyPolicy())) {
            errors.add(FieldError.invalid("spec.ipFamilyPolicy", "RequireDualStack", "this cluster is not configured for dual-stack services"));
        }
        List<String> families = spec.getIpFamilies() == null ? List.of() : spec.getIpFamilies();
        for (int i = 0; i < families.size(); i++) {
            if ("IPv6".equals(families.get(i))) {
                errors.add(FieldError.invalid("spec.ipFamilies[" + i + "]", "IPv6", "not configured on this cluster"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid("Service", service.getMetadata().getName(), errors);
        }
    }

    /**
     * allocateUpdate's initIPFamilyFields for a Service that keeps its address: an update to
     * RequireDualStack (or to an IPv6 family) is refused as on create, and nothing of it is stored.
     * A headless selectorless Service is the special case that may be dual-stack on any cluster.
     */
    static void checkOnUpdate(Service service) {
        ServiceSpec spec = service.getSpec();
        if (spec == null || "ExternalName".equals(spec.getType())) {
            return;
        }
        boolean selectorless = spec.getSelector() == null || spec.getSelector().isEmpty();
        if ("None".equals(spec.getClusterIP()) && selectorless) {
            return;
        }
        checkFamilies(service);
    }

    /**
     * patchAllocatedValues (storage.go beginUpdate): an update that leaves the cluster IPs out keeps
     * the stored ones, as the IP families and their policy, so a PUT of the manifest as written is
     * no attempt to change them. An update that gives a Service its first address (an ExternalName
     * turned ClusterIP) allocates one, as allocateUpdate does.
     */
    static void patchOnUpdate(Service service, Service old) {
        ServiceSpec spec = service.getSpec();
        ServiceSpec was = old.getSpec();
        if (spec == null || was == null || "ExternalName".equals(spec.getType()) || "ExternalName".equals(was.getType())) {
            return;
        }
        if (spec.getClusterIP() == null || spec.getClusterIP().isEmpty()) {
            spec.setClusterIP(was.getClusterIP());
        }
        if ((spec.getClusterIPs() == null || spec.getClusterIPs().isEmpty()) && was.getClusterIPs() != null
                && !was.getClusterIPs().isEmpty()) {
            spec.setClusterIPs(new ArrayList<>(was.getClusterIPs()));
        }
        if (spec.getIpFamilyPolicy() == null) {
            spec.setIpFamilyPolicy(was.getIpFamilyPolicy());
        }
        if ((spec.getIpFamilies() == null || spec.getIpFamilies().isEmpty()) && was.getIpFamilies() != null) {
            spec.setIpFamilies(new ArrayList<>(was.getIpFamilies()));
        }
    }

    /** Whether an admitted update needs an address allocated: the stored Service had none (it was an ExternalName). */
    static boolean needsAllocation(Service service, Service old) {
        boolean wasExternal = old.getSpec() == null || "ExternalName".equals(old.getSpec().getType());
        return wasExternal && service.getSpec() != null && !"ExternalName".equals(service.getSpec().getType());
    }

    /** The addresses held: every stored Service's, and the two every cluster keeps, unless this is their own Service. */
    private static Set<Long> taken(Service service, List<Service> stored) {
        Set<Long> taken = new HashSet<>();
        String key = service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
        if (!key.equals("default/kubernetes")) {
            taken.add(parse(KUBERNETES_IP));
        }
        if (!key.equals("kube-system/kube-dns")) {
            taken.add(parse(DNS_IP));
        }
        for (Service other : stored) {
            String ip = other.getSpec() == null ? null : other.getSpec().getClusterIP();
            if (ip != null && IPV4.matcher(ip).matches()) {
                taken.add(parse(ip));
            }
        }
        return taken;
    }

    /** allocateNextService: the upper range from the name's offset, then the lower range. */
    private static String next(Service service, Set<Long> taken) {
        long hash = fnv1a(service.getMetadata().getNamespace() + "/" + service.getMetadata().getName());
        long upperFirst = FIRST + RANGE_OFFSET;
        long found = scan(upperFirst, LAST, Long.remainderUnsigned(hash, LAST - upperFirst + 1), taken);
        if (found < 0) {
            found = scan(FIRST, upperFirst - 1, Long.remainderUnsigned(hash, RANGE_OFFSET), taken);
        }
        if (found < 0) {
            // alloc.go allocIPs: an InternalError "failed to allocate a serviceIP: range is full"
            throw new ApiException(500, "InternalError", "Internal error occurred: failed to allocate a serviceIP: range is full",
                    List.of());
        }
        return format(found);
    }

    /** ipIterator over [first, last] from first + offset, wrapping once; -1 when every address is taken. */
    private static long scan(long first, long last, long offset, Set<Long> taken) {
        long size = last - first + 1;
        for (long i = 0; i < size; i++) {
            long address = first + (offset + i) % size;
            if (!taken.contains(address)) {
                return address;
            }
        }
        return -1;
    }

    /** The 64-bit FNV-1a hash of the text's UTF-8 bytes: fixed, unlike String.hashCode's spread. */
    static long fnv1a(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /** An IPv4 address as a number; validation has refused anything else by now (netutils.ParseIPSloppy: leading zeros allowed). */
    static long parse(String ip) {
        Matcher m = IPV4.matcher(ip);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an IPv4 address: " + ip);
        }
        long value = 0;
        for (int i = 1; i <= 4; i++) {
            value = (value << 8) | Integer.parseInt(m.group(i));
        }
        return value;
    }

    static String format(long address) {
        return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "." + (address & 255);
    }

    /** Go's %v of a []string in a field error: {@code []string{"10.96.0.50"}}. */
    private record StringSlice(List<String> values) {
        @Override
        public String toString() {
            return "[]string{" + values.stream().map(FieldError::quote).collect(Collectors.joining(", ")) + "}";
        }
    }
}
