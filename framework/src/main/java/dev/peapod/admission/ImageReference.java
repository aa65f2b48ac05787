package dev.peapod.admission;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tag of an image reference as pkg/util/parsers/parsers.go ParseImageName reads it, with the
 * grammar of github.com/distribution/reference (regexp.go): the tag defaults to {@code latest}
 * when there is neither a tag nor a digest, and an unparsable reference has no tag at all.
 */
final class ImageReference {
    private static final String ALPHANUMERIC = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|[-]+)";
    private static final String PATH_COMPONENT = ALPHANUMERIC + "(?:" + SEPARATOR + ALPHANUMERIC + ")*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String HOST = "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])";
    private static final String DOMAIN_AND_PORT = HOST + "(?::[0-9]+)?";
    private static final String NAME = "(?:" + DOMAIN_AND_PORT + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
    private static final Pattern REFERENCE = Pattern.compile("(" + NAME + ")(?::(" + TAG + "))?(?:@(" + DIGEST + "))?");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-f0-9]{64}");
    private static final Map<String, Integer> DIGEST_LENGTHS = Map.of("sha256", 64, "sha384", 96, "sha512", 128);
    private static final int NAME_TOTAL_LENGTH_MAX = 255;

    private ImageReference() {
    }

    /** The tag ParseImageName returns: {@code latest} by default, empty with only a digest, none if unparsable. */
    static Optional<String> tag(String image) {
        if (image == null || IDENTIFIER.matcher(image).matches()) {
            return Optional.empty(); // ParseNormalizedNamed refuses a bare 64-hex image id
        }
        Matcher m = REFERENCE.matcher(image);
        if (!m.matches() || m.group(1).length() > NAME_TOTAL_LENGTH_MAX) {
            return Optional.empty();
        }
        String tag = m.group(2);
        String digest = m.group(3);
        if (digest != null && !validDigest(digest)) {
            return Optional.empty();
        }
        if (tag == null && digest == null) {
            return Optional.of("latest");
        }
        return Optional.of(tag == null ? "" : tag);
    }

    /** go-digest Validate: a known algorithm and lower-case hex of exactly its length. */
    private static boolean validDigest(String digest) {
        int colon = digest.indexOf(':');
        Integer length = DIGEST_LENGTHS.get(digest.substring(0, colon));
        String hex = digest.substring(colon + 1);
        return length != null && hex.length() == length && hex.matches("[a-f0-9]+");
    }
}
