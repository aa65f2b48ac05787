package dev.peapod.runtime.images;

import dev.peapod.runtime.Program;
import dev.peapod.spi.ImageProfileProvider;

import java.util.List;
import java.util.Optional;

/** A provider as a team would ship one: listed in src/test/resources/META-INF/services. */
public final class TeamProfiles implements ImageProfileProvider {
    @Override
    public List<ImageProfile> profiles() {
        return List.of(ImageProfile.of("registry.example.com/team/cache")
                .withEntrypoint("/cache")
                .withOnSigterm(OnSigterm.exit(0))
                .withPrograms(launch -> Optional.<Program>of(new Program() {
                })));
    }
}
