package dev.peapod.cucumber;

import dev.peapod.core.PeapodException;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.Node;
import org.apiguardian.api.API;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Images: how long their pulls take, their sizes, and which nodes hold them. A node has every image
 * unless the scenario lists its images; then it has those and learns the ones it pulls.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ImageSteps {
    private final PeapodWorld world;

    public ImageSteps(PeapodWorld world) {
        this.world = world;
    }

    /** The pull of this image takes that long on every node. */
    @Given("image {string} takes {duration} to pull")
    public void imageTakesToPull(String image, Duration duration) {
        world.cluster().image(image).pullTakes(duration);
    }

    /** The pull of every other image takes that long. Example: {@code Given image pulls take 5 seconds}. */
    @Given("image pulls take {duration}")
    public void imagePullsTake(Duration duration) {
        world.cluster().imagePullsTake(duration);
    }

    /** The image's size, as the {@code Pulled} event and the node's {@code status.images} say it. */
    @Given("image {string} is {long} bytes")
    public void imageIsBytes(String image, long bytes) {
        world.cluster().image(image).size(bytes);
    }

    /**
     * The node (declared earlier in the scenario) holds these images at start, written {@code nginx:1.25,
     * busybox:1.36}. Example: {@code Given node "node-1" has the images "nginx:1.25, busybox:1.36"}.
     */
    @Given("node {string} has the images {string}")
    public void nodeHasTheImages(String node, String images) {
        world.nodeImages(node, images(images));
    }

    /**
     * The node holds no image at start: each image it runs is pulled there first. Example: {@code Given node "node-1"
     * has no images}.
     */
    @Given("node {string} has no images")
    public void nodeHasNoImages(String node) {
        world.nodeImages(node, List.of());
    }

    /** The Node's {@code status.images} lists this image (by its tag), with this size. */
    @Then("node {string} lists image {string} of {long} bytes")
    public void nodeListsImage(String node, String image, long bytes) {
        Node object = world.cluster().node(node);
        List<ContainerImage> listed = object.getStatus().getImages() == null ? List.of() : object.getStatus().getImages();
        String wanted = dev.peapod.runtime.Images.normalized(image);
        List<Long> sizes = listed.stream().filter(i -> i.getNames().contains(wanted)).map(ContainerImage::getSizeBytes).toList();
        if (!sizes.equals(List.of(bytes))) {
            throw new AssertionError("Expecting node \"" + node + "\" to list image " + wanted + " of " + bytes
                    + " bytes in status.images, but it lists " + listed.stream()
                    .map(i -> i.getNames().get(i.getNames().size() - 1) + " (" + i.getSizeBytes() + " bytes)").toList());
        }
    }

    /** {@code a, b, c} as a list; a blank or empty name is refused. */
    static List<String> images(String images) {
        List<String> list = Arrays.stream(images.split(",")).map(String::trim).toList();
        if (list.stream().anyMatch(String::isEmpty)) {
            throw new PeapodException("images \"" + images + "\" must be image references separated by commas, "
                    + "such as \"nginx:1.25, busybox:1.36\"; for a node with none, say \"node ... has no images\"");
        }
        return list;
    }
}
