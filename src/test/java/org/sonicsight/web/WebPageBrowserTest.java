package org.sonicsight.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.audio.AudioDecoder;
import org.sonicsight.core.audio.Levels;
import org.sonicsight.core.classify.Classifier;
import org.sonicsight.core.classify.ClassifierException;
import org.sonicsight.core.backend.LocalModel;
import org.sonicsight.testsupport.TestEnv;

/**
 * The page in a real headless Chromium: upload → preview → Analyze, and the
 * same through Chromium's fake microphone. Screenshots of each state go to
 * target/web-screenshots (copies are committed under docs/screenshots).
 */
class WebPageBrowserTest {

    static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
    static final Path SHOTS = Paths.get("target", "web-screenshots");

    static Classifier classifier;
    static WebServer server;
    static String url;

    WebDriver driver;
    Path profile;

    @BeforeAll
    static void start() throws Exception {
        // Selenium warns on every session that it has no DevTools bindings for this Chromium; we use none.
        java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
        TestEnv.need(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium and chromium-driver (Debian packages; .ci/apt-packages.txt)");
        try {
            classifier = LocalModel.open();
        } catch (ClassifierException e) {
            classifier = new UnavailableClassifier(e.getMessage());
        }
        server = new WebServer(classifier, WebConfig.defaults().withHost("127.0.0.1")).start(0);
        url = "http://127.0.0.1:" + server.port() + "/";
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
        if (classifier != null) {
            classifier.close();
        }
    }

    @AfterEach
    void quit() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    WebDriver open(List<String> extraFlags, int width, int height) throws IOException {
        profile = Files.createTempDirectory("sonicsight-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        List<String> flags = new ArrayList<>(List.of("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--no-proxy-server", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height, "--hide-scrollbars"));
        flags.addAll(extraFlags);
        options.addArguments(flags);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // An explicit driver path: Selenium Manager never tries to download anything.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(width, height));
        return driver;
    }

    @Test
    void uploadPreviewAndAnalyzeADog() throws Exception {
        open(List.of(), 1280, 1000);
        driver.get(url);
        assertEquals("SonicSight - Audio Classifier", driver.getTitle());
        waitForHtmx();
        shot("web-1-start.png");

        Path dog = TestEnv.fixture("dog_bark_esc50_22050hz_mono.wav");
        driver.findElement(By.id("audio")).sendKeys(dog.toString());
        WebElement audio = waitFor(By.id("preview-audio"));
        assertTrue(audio.getAttribute("src").contains("/media/"), audio.getAttribute("src"));
        assertEquals("dog_bark_esc50_22050hz_mono.wav", driver.findElement(By.id("preview-name")).getText());
        // The browser can load the preview: its duration comes from the server's copy.
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> number(js("return document"
                + ".getElementById('preview-audio').duration")) > 4.9);
        shot("web-2-preview.png");

        driver.findElement(By.id("analyze-button")).click();
        WebElement outcome = waitFor(By.cssSelector("#results .result, #results .error"));
        shot("web-3-result.png");
        String verdict = outcome.getText();

        driver.manage().window().setSize(new Dimension(390, 1800));
        Thread.sleep(300);
        WebElement upload = driver.findElement(By.id("upload-form"));
        WebElement results = driver.findElement(By.id("results"));
        assertTrue(results.getLocation().getY() > upload.getLocation().getY() + upload.getSize().getHeight(),
                "one column on a phone: results below the form");
        assertTrue(number(js("return document.documentElement.scrollWidth")) <= 390, "no sideways scrolling");
        shot("web-4-phone.png");

        TestEnv.need(!(classifier instanceof UnavailableClassifier), "the embedded model, for the label");
        assertEquals("Dog", driver.findElement(By.id("prediction")).getText(), verdict);
        assertSpectrogramLoaded();
        assertNoCspViolations();
    }

    @Test
    void aTextFileRenamedWavIsRefusedOnThePage() throws Exception {
        open(List.of(), 1280, 1000);
        driver.get(url);
        waitForHtmx();
        Path fake = Files.createTempFile(profile, "notes", ".wav");
        Files.writeString(fake, "this is not audio\n".repeat(50));
        driver.findElement(By.id("audio")).sendKeys(fake.toString());
        WebElement error = waitFor(By.cssSelector("#audio-preview .error"));
        assertTrue(error.getText().startsWith("Error: ") && error.getText().contains("not a supported audio file"),
                error.getText());
        shot("web-6-error.png");
    }

    @Test
    void recordFromTheFakeMicrophoneAndAnalyze() throws Exception {
        Path dog = TestEnv.fixture("dog_bark_kaggle_16000hz_mono.wav");
        open(List.of("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--use-file-for-fake-audio-capture=" + dog + "%noloop", "--autoplay-policy=no-user-gesture-required"),
                1280, 1000);
        driver.get(url);
        waitForHtmx();
        WebElement record = driver.findElement(By.id("record-button"));
        record.click();
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(
                ExpectedConditions.attributeToBe(record, "aria-pressed", "true"));
        Thread.sleep(3500);
        shot("web-5a-recording.png");
        record.click();
        WebElement name = waitFor(By.id("preview-name"));
        // Uploaded as Chromium's MediaRecorder made it: WebM with Opus, clusters of unknown size.
        assertTrue(name.getText().matches("recording-\\d{6}\\.webm"), name.getText());
        String meta = driver.findElement(By.cssSelector("#audio-preview .file-meta")).getText();
        assertTrue(meta.startsWith("WebM, Opus, 48000 Hz"), meta);
        // The page really captured the bark, not silence: decode the server's copy of the upload.
        String src = driver.findElement(By.id("preview-audio")).getAttribute("src");
        byte[] recorded = new Http(server.port()).get(src.substring(src.indexOf("/media/"))).body();
        Path copy = Files.write(profile.resolve("recorded.webm"), recorded);
        AudioClip clip = AudioDecoder.readAll(copy, 0);
        assertTrue(clip.durationSeconds() > 2.5, "recorded " + clip.durationSeconds() + " s");
        double peak = Levels.of(clip.samples(), 0, clip.samples().length).peakDbfs();
        assertTrue(peak > -20, "the recording carries the fake microphone's sound, peak " + peak + " dBFS");

        driver.findElement(By.id("analyze-button")).click();
        WebElement outcome = waitFor(By.cssSelector("#results .result, #results .error"));
        shot("web-5b-recorded-result.png");
        TestEnv.need(!(classifier instanceof UnavailableClassifier), "the embedded model, for the label");
        assertEquals("Dog", driver.findElement(By.id("prediction")).getText(), outcome.getText());
        assertSpectrogramLoaded();
        assertNoCspViolations();
    }

    /**
     * WCAG 2.1 A and AA as axe-core checks them, on every state of the page (start, preview, result with its
     * events strip, error) and in every language, with zero violations. axe-core comes from npm
     * (.ci/setup.d/50-axe.sh, -Dsonicsight.axe) and is injected from disk: the browser fetches nothing.
     */
    @Test
    void axeFindsNoAccessibilityViolations() throws Exception {
        String axe = System.getProperty("sonicsight.axe");
        TestEnv.need(axe != null && Files.isRegularFile(Paths.get(axe)),
                "axe-core (npm; .ci/setup.d/50-axe.sh passes -Dsonicsight.axe)");
        String axeSource = Files.readString(Paths.get(axe));
        open(List.of(), 1280, 1000);
        List<String> violations = new ArrayList<>();
        for (String lang : List.of("en", "de", "fr", "es")) {
            driver.get(url + "?lang=" + lang);
            waitForHtmx();
            assertEquals(lang, js("return document.documentElement.lang"));
            violations.addAll(axe(axeSource, lang + " start"));
        }
        // A 5 s bark is longer than the model's window, so the result has the events strip too.
        driver.get(url + "?lang=de");
        waitForHtmx();
        driver.findElement(By.id("audio")).sendKeys(TestEnv.fixture("dog_bark_esc50_22050hz_mono.wav").toString());
        waitFor(By.id("preview-audio"));
        violations.addAll(axe(axeSource, "de preview"));
        driver.findElement(By.id("analyze-button")).click();
        waitFor(By.cssSelector("#results .result, #results .error"));
        violations.addAll(axe(axeSource, "de result"));
        shot("web-7-german-result.png");

        driver.get(url);
        waitForHtmx();
        Path fake = Files.createTempFile(profile, "notes", ".wav");
        Files.writeString(fake, "this is not audio\n".repeat(50));
        driver.findElement(By.id("audio")).sendKeys(fake.toString());
        waitFor(By.cssSelector("#audio-preview .error"));
        violations.addAll(axe(axeSource, "en error"));
        assertEquals(List.of(), violations, "axe-core WCAG 2.1 AA violations");
    }

    /** Keyboard only: the skip link comes first, then the language switch, the file input and the buttons. */
    @Test
    void keyboardFocusOrderAndVisibleFocus() throws Exception {
        open(List.of(), 1280, 1000);
        driver.get(url + "?lang=es");
        waitForHtmx();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            new org.openqa.selenium.interactions.Actions(driver).sendKeys(org.openqa.selenium.Keys.TAB).perform();
            order.add(String.valueOf(js("const e = document.activeElement; return e.id || e.getAttribute('href')"
                    + " || e.tagName")));
            if (i == 0) {
                assertEquals("Saltar al contenido principal", driver.switchTo().activeElement().getText());
                assertTrue(driver.switchTo().activeElement().getLocation().getX() >= 0, "the skip link shows when focused");
            }
        }
        assertEquals(List.of("#main", "/?lang=en", "/?lang=de", "/?lang=fr", "/?lang=es", "audio", "record-button",
                "analyze-button", "/api/info"), order);
        // Focus is visible: the focused button draws an outline.
        driver.findElement(By.tagName("body")).click();
        js("document.getElementById('audio').focus()");
        new org.openqa.selenium.interactions.Actions(driver).sendKeys(org.openqa.selenium.Keys.TAB).perform();
        assertEquals("record-button", js("return document.activeElement.id"));
        String outline = String.valueOf(js("return getComputedStyle(document.activeElement).outlineStyle"));
        assertEquals("solid", outline, "a visible focus ring");
        // Enter on a language link switches the page.
        js("document.querySelector('a[hreflang=de]').focus()");
        new org.openqa.selenium.interactions.Actions(driver).sendKeys(org.openqa.selenium.Keys.ENTER).perform();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> "de".equals(js(
                "return document.documentElement.lang")));
        assertEquals("Audio analysieren", driver.findElement(By.id("analyze-button")).getText());
    }

    @SuppressWarnings("unchecked")
    List<String> axe(String axeSource, String state) {
        js(axeSource);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        Object result = ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},"
                + " resultTypes: ['violations']})"
                + ".then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at '"
                + " + v.nodes.map(n => n.target.join(' ')).join(', '))))"
                + ".catch(e => done(['axe failed: ' + e]));");
        List<String> found = new ArrayList<>();
        for (Object o : (List<Object>) result) {
            found.add(state + ": " + o);
        }
        return found;
    }

    // ---- helpers -------------------------------------------------------------

    void waitForHtmx() {
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> Boolean.TRUE.equals(
                js("return typeof htmx !== 'undefined' && document.readyState === 'complete'")));
    }

    WebElement waitFor(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    void assertSpectrogramLoaded() {
        WebElement img = driver.findElement(By.id("spectrogram"));
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> number(js(
                "return document.getElementById('spectrogram').naturalWidth")) == 900);
        assertTrue(img.getSize().getWidth() > 200, "the image is shown at a useful size");
    }

    void assertNoCspViolations() {
        List<String> problems = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Uncaught"))
                .toList();
        assertEquals(List.of(), problems, "browser console");
    }

    Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    void shot(String name) throws IOException {
        byte[] png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(SHOTS.resolve(name), png);
    }
}
