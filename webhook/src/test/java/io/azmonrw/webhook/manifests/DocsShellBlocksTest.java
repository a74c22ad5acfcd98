package io.azmonrw.webhook.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.azmonrw.webhook.manifests.ShellBlocks.Block;
import io.azmonrw.webhook.manifests.ShellBlocks.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell blocks of README.md and docs/*.md: every one parses with {@code bash -n}, and the ones marked
 * {@code <!-- test: run -->} run offline from the repository root and succeed. A runnable block must need nothing but
 * the checkout and the tools {@code make test} installs; a block whose command is not installed (exit 127) is skipped.
 */
class DocsShellBlocksTest {
    static final Path ROOT = ManifestFiles.repoRoot();
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path scratch;

    static List<Path> documents() {
        var files = new ArrayList<Path>();
        files.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.getFileName().toString().endsWith(".md"))
                    .sorted()
                    .forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    static List<Block> docBlocks() {
        return documents().stream()
                .flatMap(f -> ShellBlocks.extract(f).stream())
                .toList();
    }

    @TestFactory
    Stream<DynamicTest> everyShellBlockOfTheDocsParsesWithBashN() {
        return docBlocks().stream()
                .map(b -> DynamicTest.dynamicTest(b.where(), () -> {
                    Outcome o = ShellBlocks.syntax(b, scratch);
                    assertThat(o.ok())
                            .as("bash -n of the block at %s:\n%s\n%s", b.where(), b.text(), o.output())
                            .isTrue();
                }));
    }

    @TestFactory
    Stream<DynamicTest> blocksMarkedRunSucceedOfflineFromTheRepositoryRoot() {
        return docBlocks().stream()
                .filter(Block::runnable)
                .map(b -> DynamicTest.dynamicTest(b.where(), () -> {
                    Outcome o = ShellBlocks.run(b, ROOT, scratch, RUN_TIMEOUT);
                    assumeTrue(
                            o.exit() != 127,
                            () -> b.where() + ": a command is not installed here, skipped:\n" + o.output());
                    assertThat(o.ok())
                            .as("the block at %s exited %d:\n%s\n%s", b.where(), o.exit(), b.text(), o.output())
                            .isTrue();
                }));
    }

    @Test
    void theInstallDocsHoldShellBlocksAndRunnableOnes() {
        // guards against a parser that silently finds nothing: counted by hand in the two install documents
        assertThat(ShellBlocks.extract(ROOT.resolve("README.md"))).hasSizeGreaterThanOrEqualTo(5);
        List<Block> deployment = ShellBlocks.extract(ROOT.resolve("docs/deployment.md"));
        assertThat(deployment).hasSizeGreaterThanOrEqualTo(12);
        assertThat(deployment).filteredOn(Block::runnable).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void extractsOnlyShellFencesWithTheirLineAndMarker() {
        List<Block> blocks = ShellBlocks.extract(fixture());
        assertThat(blocks)
                .extracting(Block::line, Block::language, Block::text, Block::runnable)
                .containsExactly(
                        tuple(3, "bash", "echo good\n", false),
                        tuple(12, "sh", "exit 3\n", true),
                        tuple(18, "shell", "if then fi\n", true),
                        tuple(22, "bash", "echo indented\n", false),
                        tuple(32, "bash", "echo not runnable\n", false));
    }

    @Test
    void aBlockThatDoesNotParseFailsTheSyntaxCheck() {
        List<Block> blocks = ShellBlocks.extract(fixture());
        assertThat(blocks)
                .extracting(b -> ShellBlocks.syntax(b, scratch).ok())
                .containsExactly(true, true, false, true, true);
        assertThat(ShellBlocks.syntax(blocks.get(2), scratch).output()).contains("syntax error");
    }

    @Test
    void aRunnableBlockThatFailsReportsItsExitStatus() {
        Block exit3 = ShellBlocks.extract(fixture()).get(1);
        assertThat(ShellBlocks.run(exit3, ROOT, scratch, RUN_TIMEOUT).exit()).isEqualTo(3);
    }

    @Test
    void aRunnableBlockHasNoProxyToTheInternetAndNoCluster() {
        Block env = new Block(fixture(), 1, "bash", "echo \"$HTTPS_PROXY $https_proxy $KUBECONFIG\"\n", true);
        assertThat(ShellBlocks.run(env, ROOT, scratch, RUN_TIMEOUT).output().strip())
                .isEqualTo("http://127.0.0.1:9 http://127.0.0.1:9 /dev/null");
    }

    @Test
    void anUnclosedFenceIsAnError() throws IOException {
        Path md = Files.writeString(scratch.resolve("unclosed.md"), "text\n```bash\necho never closed\n");
        assertThatThrownBy(() -> ShellBlocks.extract(md)).hasMessageContaining("unclosed.md:2");
    }

    private static Path fixture() {
        try {
            return Path.of(
                    DocsShellBlocksTest.class.getResource("/docs/blocks.md").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
