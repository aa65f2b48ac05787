package dev.peapod.spi;

import dev.peapod.core.PeapodException;
import dev.peapod.runtime.images.ImageProfile;
import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Image profiles a library or a team ships in Java, found with {@link ServiceLoader}: list the
 * implementation's class name in {@code META-INF/services/dev.peapod.spi.ImageProfileProvider}.
 * Their profiles come after the built-in ones, so a profile for {@code nginx} replaces Peapod's.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface ImageProfileProvider {
    /** The profiles, each built with {@link ImageProfile#of} and its {@code with...} methods. */
    List<ImageProfile> profiles();

    /**
     * The profiles of every provider {@code loader}'s {@code META-INF/services} lists, providers in
     * the order ServiceLoader finds them; pass them to
     * {@link dev.peapod.runtime.images.ImageProfiles#with(List)}.
     *
     * @throws PeapodException when a listed provider cannot be loaded or made
     */
    static List<ImageProfile> loadAll(ClassLoader loader) {
        List<ImageProfile> found = new ArrayList<>();
        try {
            for (ImageProfileProvider provider : ServiceLoader.load(ImageProfileProvider.class, loader)) {
                found.addAll(provider.profiles());
            }
        } catch (ServiceConfigurationError e) {
            throw new PeapodException("an image profile provider listed in META-INF/services/" + ImageProfileProvider.class.getName()
                    + " could not be loaded (" + e.getMessage() + "); it must be a public class with a public no-argument constructor", e);
        }
        return List.copyOf(found);
    }
}
