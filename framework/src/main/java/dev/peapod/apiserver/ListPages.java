package dev.peapod.apiserver;

import dev.peapod.apiserver.patch.GoJson;
import dev.peapod.store.ApiException;
import dev.peapod.store.FieldError;
import dev.peapod.store.ObjectStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A list's {@code resourceVersion}, {@code resourceVersionMatch}, {@code limit} and {@code continue},
 * as the API server reads them (apimachinery pkg/apis/meta/internalversion/validation ValidateListOptions,
 * apiserver/pkg/storage continue.go and the watch cache's freshness rules).
 *
 * <p>Peapod's store keeps no snapshots, only the present: a list is served when the present satisfies
 * the request (no version, {@code 0}, or {@code NotOlderThan} a version the store has reached); an
 * {@code Exact} version older than the present is refused with the API server's 410 for a version it
 * no longer has; a version the store has not reached is 504, as the watch cache answers after waiting.
 * A continue token from an older version reads the rest from the present, and says so in a warning.
 */
final class ListPages {
    private static final String TOKEN_VERSION = "meta.k8s.io/v1";

    private ListPages() {
    }

    record Request(String resourceVersion, String match, long limit, Token token) {
    }

    /** A decoded continue token: the list's version and the key the next page starts after. */
    record Token(long resourceVersion, String start) {
    }

    record Page(List<HasMetadata> items, long resourceVersion, String continueToken, Long remaining, List<String> warnings) {
    }

    static Request request(Query query) {
        String rv = query.get("resourceVersion");
        String match = query.get("resourceVersionMatch");
        String cont = query.get("continue");
        List<FieldError> errors = new ArrayList<>();
        if (match != null) {
            if (rv == null) {
                errors.add(FieldError.forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided"));
            }
            if (cont != null) {
                errors.add(FieldError.forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
            }
            if (!match.equals("Exact") && !match.equals("NotOlderThan")) {
                errors.add(FieldError.notSupported("resourceVersionMatch", match, List.of("Exact", "NotOlderThan", "")));
            }
            if (match.equals("Exact") && "0".equals(rv)) {
                errors.add(FieldError.forbidden("resourceVersionMatch", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
            }
        }
        if (query.get("sendInitialEvents") != null) {
            errors.add(FieldError.forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid("ListOptions.meta.k8s.io", "", errors);
        }
        if (cont != null && rv != null && !rv.equals("0")) {
            throw ApiException.badRequest("specifying resource version is not allowed when using continue");
        }
        Long limit = query.number("limit");
        return new Request(rv, match, limit == null ? 0 : limit, cont == null ? null : decode(cont));
    }

    /** Refuses a version the present cannot stand for (see the class comment). */
    static void checkFreshness(Request request, long now) {
        if (request.resourceVersion() == null || request.resourceVersion().equals("0")) {
            return;
        }
        long asked;
        try {
            asked = Long.parseUnsignedLong(request.resourceVersion());
        } catch (NumberFormatException e) {
            // APIObjectVersioner.ParseResourceVersion, turned into Invalid by storeerr.InterpretListError
            throw ApiException.invalid("ListOptions.meta.k8s.io", "", List.of(FieldError.invalid("resourceVersion",
                    request.resourceVersion(), "strconv.ParseUint: parsing " + FieldError.quote(request.resourceVersion())
                            + ": invalid syntax")));
        }
        if (asked > now) {
            throw tooLarge(asked, now);
        }
        if ("Exact".equals(request.match()) && asked < now) {
            // etcd3 store.go interpretListError on a compacted revision
            throw new ApiException(410, "Expired", "The resourceVersion for the provided list is too old.", List.of());
        }
    }

    /** storage.NewTooLargeResourceVersionError: the watch cache gave up waiting for a version it has not reached. */
    static ApiException tooLarge(long asked, long now) {
        return new ApiException(504, "Timeout", "Timeout: Too large resource version: " + asked + ", current: " + now, List.of());
    }

    static Page page(Request request, List<? extends HasMetadata> all, long now, boolean namespaced, boolean unfiltered) {
        List<String> warnings = new ArrayList<>();
        long version = now;
        Token token = request.token();
        // the list is in etcd's key order: the page starts at the first key not before the token's, found
        // by the keys alone, and only the page's objects are read (each read copies)
        int from = token == null ? 0 : firstAtOrAfter(all, token.start(), namespaced);
        if (token != null) {
            version = token.resourceVersion();
            if (token.resourceVersion() != now) {
                warnings.add("Peapod keeps no snapshots: this page was read from the store at resourceVersion " + now
                        + ", not at the list's resourceVersion " + token.resourceVersion()
                        + "; objects changed in between show as they are now");
            }
        }
        int rest = all.size() - from;
        if (request.limit() <= 0 || rest <= request.limit()) {
            return new Page(new ArrayList<>(all.subList(from, all.size())), version, null, null, warnings);
        }
        int end = from + (int) request.limit();
        List<HasMetadata> shown = new ArrayList<>(all.subList(from, end));
        String next = encode(version, ObjectStore.listedKey(all, end - 1, namespaced) + "\u0000");
        Long remaining = unfiltered ? (long) (all.size() - end) : null;
        return new Page(shown, version, next, remaining, warnings);
    }

    /** The index of the first element whose key is not before {@code start}; the size when there is none. */
    private static int firstAtOrAfter(List<? extends HasMetadata> all, String start, boolean namespaced) {
        int low = 0;
        int high = all.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (ObjectStore.listedKey(all, middle, namespaced).compareTo(start) < 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** continue.go EncodeContinue: base64url (no padding) of {"v":"meta.k8s.io/v1","rv":N,"start":"key\u0000"}. */
    static String encode(long resourceVersion, String start) {
        Map<String, Object> token = new LinkedHashMap<>();
        token.put("v", TOKEN_VERSION);
        token.put("rv", resourceVersion);
        token.put("start", start);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(token));
    }

    /** continue.go DecodeContinue, its refusals wrapped as the store does: {@code invalid continue token: ...}. */
    static Token decode(String value) {
        byte[] data;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-' && c != '_') {
                throw invalidToken("continue key is not valid: illegal base64 data at input byte " + i);
            }
        }
        try {
            data = Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw invalidToken("continue key is not valid: illegal base64 data at input byte " + value.length());
        }
        String syntax = GoJson.syntaxError(data).orElse(null);
        if (syntax != null) {
            throw invalidToken("continue key is not valid: " + syntax);
        }
        JsonNode tree = Json.MAPPER.readTree(new String(data, StandardCharsets.UTF_8));
        String version = tree.hasNonNull("v") ? tree.get("v").asString() : "";
        if (!version.equals(TOKEN_VERSION)) {
            throw invalidToken("continue key is not valid: server does not recognize this encoded version " + version);
        }
        long rv = tree.hasNonNull("rv") ? tree.get("rv").asLong() : 0;
        if (rv == 0) {
            throw invalidToken("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
        }
        String start = tree.hasNonNull("start") ? tree.get("start").asString() : "";
        if (start.isEmpty()) {
            throw invalidToken("continue key is not valid: encoded start key empty (version meta.k8s.io/v1)");
        }
        return new Token(rv, start);
    }

    private static ApiException invalidToken(String why) {
        return ApiException.badRequest("invalid continue token: " + why);
    }
}
