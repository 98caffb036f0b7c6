package dev.tailtalos.monitor;

import dev.tailtalos.common.audit.AuditChain;
import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.proto.events.v1.AuditRecord;
import dev.tailtalos.sim.NodeSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audit records whose every field carries an XSS payload, shown by the review page in real headless Chromium: each
 * payload appears as text and none runs (each would set {@code window.__xss}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitorPageXssTest {
    static final List<String> CORPUS = List.of(
            "<img src=x onerror=\"window.__xss='img'\">",
            "<script>window.__xss='script'</script>",
            "\"><svg onload=\"window.__xss='svg'\">",
            "'><body onload=window.__xss='body'>",
            "</td><td onmouseover=\"window.__xss='td'\">hover</td>",
            "<a href=\"javascript:window.__xss='href'\">link</a>",
            "<iframe srcdoc=\"<script>parent.__xss='iframe'</script>\"></iframe>",
            "<math><mtext><table><mglyph><style><img src=x onerror=\"window.__xss='mxss'\">",
            "javascript:window.__xss='scheme'",
            "{{constructor.constructor('window.__xss=\"template\"')()}}",
            "<object data=\"data:text/html,<script>parent.__xss='object'</script>\"></object>",
            "<details open ontoggle=\"window.__xss='details'\">");
    private MonitorTestStack stack;
    private ChromeDriver browser;

    @BeforeAll
    void start() throws Exception {
        browser = Chromium.start(Path.of("target", "chromium-profile-xss-" + ProcessHandle.current().pid()));
        stack = MonitorTestStack.start(List.of(new NodeSpec("k8s-1", "127.0.0.1", 0)), Map.of());
        AuditChain chain = AuditChain.fresh();
        for (int i = 0; i < CORPUS.size(); i++) {
            String payload = CORPUS.get(i);
            AuditRecord r = chain.link(AuditRecord.newBuilder().setProducer("xss-service").setActor(payload)
                    .setAction("xss." + i).setOccurredAt(EventEnvelopes.timestamp(Instant.now())).setRolloutId(payload).setNodeId(payload).setOutcome(payload)
                    .putDetails("payload", payload).putDetails(payload, "key"));
            stack.send(Topics.AUDIT, "xss-service", r.toByteArray());
        }
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyPayloadIsShownAsTextAndNoneRuns() throws Exception {
        MonitorTestStack.await("the monitor holds the whole corpus", Duration.ofSeconds(60), () -> {
            try {
                return stack.get("/api/v1/audit/records?action=xss.*&limit=200").body()
                        .contains("\"total\":" + CORPUS.size());
            } catch (Exception e) {
                return false;
            }
        });
        browser.get(stack.baseUrl + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.findElement(By.id("token")).sendKeys(stack.readToken());
        browser.findElement(By.id("token-submit")).click();
        browser.findElement(By.id("q-action")).sendKeys("xss.*");
        browser.findElement(By.id("q-submit")).click();
        try {
            wait.until(d -> d.findElement(By.id("audit-count")).getText().startsWith(CORPUS.size() + " matching"));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("page shows count '" + browser.findElement(By.id("audit-count")).getText()
                    + "', error '" + browser.findElement(By.id("audit-error")).getText() + "', token state '"
                    + browser.findElement(By.id("token-state")).getText() + "', updated '"
                    + browser.findElement(By.id("updated")).getText() + "'", e);
        }
        assertThat(browser.findElements(By.cssSelector("#audit-results tr.audit-row"))).hasSize(CORPUS.size());
        List<WebElement> rows = browser.findElements(By.cssSelector("#audit-results tr.audit-row"));
        for (WebElement row : rows) {
            row.findElements(By.tagName("td")).forEach(td -> new org.openqa.selenium.interactions.Actions(browser)
                    .moveToElement(td).perform());
        }
        String page = String.join("\n", rows.stream().map(WebElement::getText).toList());
        int shown = 0;
        for (String payload : CORPUS) {
            assertThat(page).as("shown as text").contains(payload);
            shown++;
        }
        assertThat(browser.findElements(By.cssSelector("#audit-results img, #audit-results script, #audit-results svg,"
                + " #audit-results iframe, #audit-results object, #audit-results a, #audit-results details"))).isEmpty();
        Object ran = browser.executeScript("return window.__xss === undefined ? null : String(window.__xss);");
        assertThat(ran).as("a payload ran").isNull();
        System.out.printf("monitor page xss corpus: %d/%d payloads (in actor, rollout, node, outcome, detail keys and "
                + "values) shown as text in headless Chromium, 0 executed%n", shown, CORPUS.size());
    }
}
