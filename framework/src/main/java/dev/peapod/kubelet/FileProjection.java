package dev.peapod.kubelet;

import java.util.Arrays;
import java.util.Objects;

/**
 * One file of a volume payload, as the kubelet's atomic writer takes it
 * (kubernetes: pkg/volume/util/atomic_writer.go, {@code FileProjection}): the bytes, the permission
 * bits ({@code 0644} unless an item or the volume's {@code defaultMode} says otherwise) and, when
 * set, the owner's uid.
 *
 * @param data the file's bytes, copied in and out
 * @param mode the file mode, e.g. {@code 0644} (420); only the permission bits (0777) are applied
 * @param fsUser the owner's uid, or null to leave the owner as the file system gives it
 */
record FileProjection(byte[] data, int mode, Long fsUser) {
    FileProjection {
        data = Objects.requireNonNull(data, "data").clone();
    }

    FileProjection(byte[] data, int mode) {
        this(data, mode, null);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FileProjection that && Arrays.equals(data, that.data) && mode == that.mode
                && Objects.equals(fsUser, that.fsUser);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(data), mode, fsUser);
    }

    @Override
    public String toString() {
        return "FileProjection[" + data.length + " bytes, mode=0" + Integer.toOctalString(mode)
                + (fsUser == null ? "" : ", fsUser=" + fsUser) + "]";
    }
}
