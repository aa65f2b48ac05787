package dev.peapod.kubelet;

import dev.peapod.core.BoundedMemo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * A service-account token as the kubelet writes it into a projected volume's
 * {@code serviceAccountToken} path: JWT-shaped and deterministic, but not signed (Peapod has no
 * API server keys, and nothing in a fake cluster verifies it). The claims are those of a v1.33
 * bound token (kubernetes: pkg/serviceaccount/claims.go; node info and jti are on by default since
 * 1.32), keys in alphabetical order as go-jose writes them:
 * {@code aud, exp, iat, iss, jti, kubernetes.io{namespace, node, pod, serviceaccount, warnafter}, nbf, sub}.
 * A request for exactly 3607 s (the kube-api-access volume's) is extended to a year with
 * {@code warnafter} at 3607 s, as the API server's default --service-account-extend-token-expiration
 * does (pkg/registry/core/serviceaccount/storage/token.go).
 */
final class ServiceAccountToken {
    /** kind's issuer and default audience. */
    static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
    /** serviceaccount.WarnOnlyBoundTokenExpirationSeconds */
    static final long WARN_ONLY_EXPIRATION_SECONDS = 3607;
    /** token.ExpirationExtensionSeconds: 24 * 365 * 60 * 60 */
    static final long EXPIRATION_EXTENSION_SECONDS = 31_536_000;

    private ServiceAccountToken() {
    }

    /**
     * @param audience the projection's audience, or empty for the API server's
     * @param expirationSeconds the projection's expirationSeconds (defaulted to 3600 by admission)
     */
    static String token(String namespace, String serviceAccount, String podName, String podUid, String nodeName,
                        String audience, long expirationSeconds, Instant issuedAt) {
        long iat = issuedAt.getEpochSecond();
        boolean extended = expirationSeconds == WARN_ONLY_EXPIRATION_SECONDS;
        long exp = iat + (extended ? EXPIRATION_EXTENSION_SECONDS : expirationSeconds);
        String kubernetes = "{\"namespace\":" + json(namespace)
                + ",\"node\":{\"name\":" + json(nodeName) + ",\"uid\":" + json(namedUid("node/" + nodeName)) + "}"
                + ",\"pod\":{\"name\":" + json(podName) + ",\"uid\":" + json(podUid) + "}"
                + ",\"serviceaccount\":{\"name\":" + json(serviceAccount)
                + ",\"uid\":" + json(namedUid("serviceaccount/" + namespace + "/" + serviceAccount)) + "}"
                + (extended ? ",\"warnafter\":" + (iat + WARN_ONLY_EXPIRATION_SECONDS) : "") + "}";
        List<String> audiences = List.of(audience == null || audience.isEmpty() ? ISSUER : audience);
        String claims = "{\"aud\":[" + json(audiences.get(0)) + "]"
                + ",\"exp\":" + exp + ",\"iat\":" + iat + ",\"iss\":" + json(ISSUER)
                + ",\"jti\":" + json(uid("jti/" + podUid + "/" + iat + "/" + audiences))
                + ",\"kubernetes.io\":" + kubernetes + ",\"nbf\":" + iat
                + ",\"sub\":" + json("system:serviceaccount:" + namespace + ":" + serviceAccount) + "}";
        String signingInput = HEADER + "." + base64Url(claims);
        return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(signingInput));
    }

    private static String uid(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The token's header, the same in every token. */
    private static final String HEADER = base64Url("{\"alg\":\"RS256\",\"kid\":\"peapod\"}");

    /**
     * The uids of nodes and service accounts, by seed: every pod's token names its node's and its
     * account's, each an MD5 of the same few words (issue #13). A pure function of the seed, kept
     * for the first {@value #MAX_NAMED_UIDS} seeds seen (a cluster has that many nodes at most in practice).
     */
    private static final int MAX_NAMED_UIDS = 10_000;
    private static final BoundedMemo<String, String> NAMED_UIDS = new BoundedMemo<>(MAX_NAMED_UIDS, ServiceAccountToken::uid);

    private static String namedUid(String seed) {
        return NAMED_UIDS.get(seed);
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON string; the names and uids in a token need only the quote and backslash escaped. */
    private static String json(String s) {
        return "\"" + (s == null ? "" : s.replace("\\", "\\\\").replace("\"", "\\\"")) + "\"";
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
