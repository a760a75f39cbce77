package io.ocelot.werker.engine.files;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/** A host-shell build's workspace files: exported and unpacked with modes and links, never outside the workspace. */
public class HostWorkspaceFilesTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void aTreeExportedAndUnpackedElsewhereKeepsContentModesAndLinks() throws IOException {
        Path from = tmp.newFolder("from").toPath();
        Files.createDirectories(from.resolve("deps/sub"));
        Files.writeString(from.resolve("deps/sub/tool.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(from.resolve("deps/sub/tool.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(from.resolve("deps/link"), Path.of("sub/tool.sh"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            assertTrue(new HostWorkspaceFiles(from).export("deps", "deps", tar));
            assertFalse(new HostWorkspaceFiles(from).export("nowhere", "nowhere", tar));
            assertFalse("a path leaving the workspace is not there", new HostWorkspaceFiles(from).export("../", "x", tar));
            tar.finish();
        }

        Path to = tmp.newFolder("to").toPath();
        new HostWorkspaceFiles(to).unpack(new ByteArrayInputStream(bytes.toByteArray()));

        assertEquals("#!/bin/sh\n", Files.readString(to.resolve("deps/sub/tool.sh")));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(to.resolve("deps/sub/tool.sh"))));
        assertEquals(Path.of("sub/tool.sh"), Files.readSymbolicLink(to.resolve("deps/link")));
        String[] read = new String[1];
        assertTrue(new HostWorkspaceFiles(to).read("deps/sub/tool.sh",
                in -> read[0] = new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        assertEquals("#!/bin/sh\n", read[0]);
        assertFalse("a link is not read through", new HostWorkspaceFiles(to).read("deps/link", in -> { }));
    }

    @Test
    public void anArchiveCannotWriteOutsideTheWorkspaceNorThroughALink() throws IOException {
        Path root = tmp.newFolder("root").toPath();
        Path workspace = Files.createDirectories(root.resolve("ws"));
        Path outside = Files.createDirectories(root.resolve("outside"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            file(tar, "../escaped.txt");
            file(tar, "/absolute.txt"); // taken as relative to the workspace, as tar does
            TarArchiveEntry link = new TarArchiveEntry("out", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName(outside.toString());
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            file(tar, "out/through-link.txt");
            file(tar, "fine/kept.txt");
            tar.finish();
        }

        new HostWorkspaceFiles(workspace).unpack(new ByteArrayInputStream(bytes.toByteArray()));

        assertFalse(Files.exists(root.resolve("escaped.txt")));
        assertTrue(Files.exists(workspace.resolve("absolute.txt")));
        try (var s = Files.list(outside)) {
            assertEquals("nothing written through the link", 0, s.count());
        }
        assertEquals("x", Files.readString(workspace.resolve("fine/kept.txt")));
    }

    private static void file(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(1);
        e.setMode(0644);
        tar.putArchiveEntry(e);
        tar.write('x');
        tar.closeArchiveEntry();
    }
}
