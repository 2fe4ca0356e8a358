package org.xiangtu.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A page printed as Chromium prints it ({@code Page.printToPDF}, the page's own {@code @page} size), and its first
 * page read back with Debian's poppler-utils: as text ({@code pdftotext}) and as a picture ({@code pdftoppm}).
 */
public final class PrintedPdf {
    private static final Path PDFTOTEXT = Path.of("/usr/bin/pdftotext");
    private static final Path PDFTOPPM = Path.of("/usr/bin/pdftoppm");

    private final Path file;

    private PrintedPdf(Path file) {
        this.file = file;
    }

    /** Prints the page (landscape, with backgrounds) to {@code file}, which must then start with %PDF. */
    public static PrintedPdf print(ChromeDriver driver, Path file) throws IOException {
        Map<String, Object> pdf = driver.executeCdpCommand("Page.printToPDF",
                Map.of("landscape", true, "printBackground", true, "preferCSSPageSize", true));
        byte[] bytes = Base64.getDecoder().decode((String) pdf.get("data"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, bytes);
        assertThat(bytes).startsWith('%', 'P', 'D', 'F');
        return new PrintedPdf(file);
    }

    /** A PDF file made elsewhere (e.g. fetched from the server), which must start with %PDF. */
    public static PrintedPdf read(Path file) throws IOException {
        assertThat(Files.readAllBytes(file)).startsWith('%', 'P', 'D', 'F');
        return new PrintedPdf(file);
    }

    /**
     * The first page's text (layout kept); without pdftotext the test is skipped, or fails under CI=true.
     */
    public String firstPageText() throws IOException, InterruptedException {
        if (!Files.isExecutable(PDFTOTEXT)) {
            if (Requirements.isCi()) {
                fail("pdftotext (Debian poppler-utils) is required under CI=true to read the printed PDF");
            }
            Assumptions.abort("pdftotext not installed (apt-get install poppler-utils): the PDF's text is not checked");
        }
        return run(PDFTOTEXT.toString(), "-f", "1", "-l", "1", "-layout", file.toString(), "-");
    }

    /** Every page's words with their boxes ({@code pdftotext -bbox}, XHTML); needs pdftotext like {@link #firstPageText}. */
    public String wordBoxes() throws IOException, InterruptedException {
        firstPageText(); // skips or fails without pdftotext
        return run(PDFTOTEXT.toString(), "-bbox", file.toString(), "-");
    }

    /** The first page as {@code base}.png (110 dpi), when pdftoppm is installed. */
    public void firstPagePng(Path base) throws IOException, InterruptedException {
        if (Files.isExecutable(PDFTOPPM)) {
            run(PDFTOPPM.toString(), "-f", "1", "-l", "1", "-r", "110", "-png", "-singlefile", file.toString(),
                    base.toString());
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
