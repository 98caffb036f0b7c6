package dev.tailtalos.monitor;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The review page in a real headless Chromium, against the monitor fed by {@link MonitorServiceTest}'s scenario. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitorPageBrowserTest {
    private final MonitorServiceTest scenario = new MonitorServiceTest();
    private ChromeDriver browser;

    @BeforeAll
    void start() throws Exception {
        browser = Chromium.start(Path.of("target", "chromium-profile-" + ProcessHandle.current().pid()));
        scenario.start();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        scenario.stop();
    }

    @Test
    void rolloutViewNodeHealthChainsAndSearchRender() throws Exception {
        browser.get(scenario.stack.baseUrl + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(d -> d.findElement(By.id("token-state")).getText().contains("read token"));
        browser.findElement(By.id("token")).sendKeys(scenario.stack.readToken());
        browser.findElement(By.id("token-submit")).click();
        String rows = "tr.node-row[data-rollout='" + MonitorServiceTest.ROLLOUT + "']";
        wait.until(d -> d.findElements(By.cssSelector(rows)).size() == 2);
        List<WebElement> nodeRows = browser.findElements(By.cssSelector(rows));
        assertThat(nodeRows).extracting(r -> r.getAttribute("data-node")).containsExactly("k8s-1", "k8s-2");
        assertThat(nodeRows.get(0).getAttribute("data-state")).isEqualTo("HEALTHY");
        assertThat(nodeRows.get(1).getAttribute("data-state")).isIn("FAILED", "UNHEALTHY");
        assertThat(nodeRows.get(0).findElements(By.cssSelector(".timeline .seg"))).hasSizeGreaterThanOrEqualTo(4);
        assertThat(nodeRows.get(0).getText()).contains("RENDERED", "SEALED", "APPLIED", "HEALTHY");

        wait.until(d -> d.findElements(By.cssSelector("tr.chain-row[data-producer='rogue-service']")).size() == 1);
        WebElement rogue = browser.findElement(By.cssSelector("tr.chain-row[data-producer='rogue-service']"));
        assertThat(rogue.getAttribute("data-intact")).isEqualTo("false");
        assertThat(rogue.getText()).contains("#4", "rogue-service#3", "missing");
        assertThat(browser.findElement(By.id("chain-summary")).getText()).contains("1 broken");

        WebElement k2Health = browser.findElement(By.cssSelector("tr.health-row[data-node='k8s-2']"));
        assertThat(k2Health.getText()).contains("UNHEALTHY", "ext-tailscale");

        browser.findElement(By.id("q-actor")).sendKeys("mallory");
        browser.findElement(By.id("q-node")).sendKeys("k8s-2");
        browser.findElement(By.id("q-submit")).click();
        wait.until(d -> d.findElement(By.id("audit-count")).getText().startsWith("3 matching"));
        assertThat(browser.findElements(By.cssSelector("#audit-results tr.audit-row"))).hasSize(3)
                .allSatisfy(r -> assertThat(r.getText()).contains("mallory", "secret.read", "k8s-2"));
        browser.findElement(By.id("q-from")).sendKeys("not-a-time");
        browser.findElement(By.id("q-submit")).click();
        wait.until(d -> d.findElement(By.id("audit-error")).getText().contains("'from'"));

        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Path shot = Path.of("target", "monitor-page.png");
        Files.write(shot, png);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isGreaterThan(800);
        Set<Integer> colours = new HashSet<>();
        long nonWhite = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                if (rgb != 0xFFFFFF) {
                    nonWhite++;
                }
            }
        }
        assertThat(colours).as("distinct colours in " + shot.toAbsolutePath()).hasSizeGreaterThan(20);
        assertThat(nonWhite).as("non-white pixels in " + shot.toAbsolutePath()).isGreaterThan(10_000);
    }
}
