package dev.bpg.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bpg.config.RoutingConfig;
import dev.bpg.server.LocalGateways.Users;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser: Debian's headless Chromium driven by Selenium through Debian's
 * chromedriver (given by path: nothing is downloaded). Signs in with the keyboard, finds a
 * submission in the table, opens it and sees COMPLETED and its log, kills a running one through the
 * confirmation, dry-runs and submits a request, sees a cluster go DOWN on the clusters page, and
 * checks the phone-width and dark layouts. Each step leaves a screenshot in {@code
 * target/console-screenshots}; with {@code -Dbpg.console.screenshots=docs/console} they are also
 * written there (the README's pictures). Without Chromium the test fails: {@code .ci/run} installs
 * it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static LocalGateways local;
  private static GatewayTestClient api;
  private static String consoleUrl;
  private static ChromeDriver browser;
  private static WebDriverWait wait;
  private static String completedId;
  private static String completedName;

  @BeforeAll
  static void start() throws Exception {
    local = LocalGateways.start("spark-cluster-a", "spark-cluster-b");
    GatewayServer gateway =
        local.startGateway(
            local
                .configuration(Users.of("demo", "admin").withAdmins("admin"))
                .withRouting(new RoutingConfig(3, Duration.ofMillis(300), Duration.ofMillis(100))));
    api = LocalGateways.client(gateway);
    consoleUrl = api.base() + "/ui/";
    browser = chromium();
    wait = new WebDriverWait(browser, WAIT);
  }

  /** Debian's Chromium and chromedriver, or those BPG_CHROMIUM and BPG_CHROMEDRIVER name. */
  private static ChromeDriver chromium() {
    String binary = Optional.ofNullable(System.getenv("BPG_CHROMIUM")).orElse("/usr/bin/chromium");
    String driver =
        Optional.ofNullable(System.getenv("BPG_CHROMEDRIVER")).orElse("/usr/bin/chromedriver");
    assertThat(new File(binary))
        .as("Chromium for the console's browser test: apt-get install chromium chromium-driver")
        .canRead();
    assertThat(new File(driver).canExecute())
        .as("chromedriver for the console's browser test: apt-get install chromium-driver")
        .isTrue();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(binary);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,800",
        "--lang=en-GB");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(driver)).build();
    return new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (local != null) {
      local.close();
    }
  }

  private static String job(String name, String duration, String outcome) throws Exception {
    return LocalGateways.sparkPi(duration)
        .replace("\"SparkPiDemo\"", "\"" + name + "\"")
        .replace(
            "\"spark.local.simulate.duration\"",
            "\"spark.local.simulate.outcome\": \""
                + outcome
                + "\", \"spark.local.simulate.duration\"");
  }

  private static String submit(String user, String body) {
    GatewayTestClient.Reply reply = api.post("/spark", user, "application/json", body);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.text("submissionId");
  }

  private static WebElement visible(By by) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  private static void textIn(By by, String text) {
    wait.until(ExpectedConditions.textToBePresentInElementLocated(by, text));
  }

  private static void open(String hash) {
    browser.get(consoleUrl + hash);
  }

  private static void signIn(String user) {
    open("#/signin");
    WebElement name = visible(By.id("username"));
    name.clear();
    // By keyboard: the name, Tab to the password, Enter submits.
    name.sendKeys(user, Keys.TAB);
    assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("password");
    browser.switchTo().activeElement().sendKeys(user + "-pw", Keys.ENTER);
    visible(By.id("submissions"));
    textIn(By.id("who-name"), user);
  }

  private static void screenshot(String name) throws Exception {
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Path target = Path.of("target", "console-screenshots");
    Files.createDirectories(target);
    Files.copy(shot, target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    String docs = System.getProperty("bpg.console.screenshots");
    if (docs != null && !docs.isBlank()) {
      Path here = Path.of("").toAbsolutePath();
      Path root = Files.isDirectory(here.resolve("app")) ? here : here.getParent();
      Path dir = root.resolve(docs);
      Files.createDirectories(dir);
      Files.copy(shot, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Test
  @Order(1)
  void aWrongPasswordIsRefusedThenTheKeyboardSignsIn() throws Exception {
    completedName = "console-pi-" + UUID.randomUUID().toString().substring(0, 8);
    completedId = submit("demo", job(completedName, "1500ms", "COMPLETED"));
    submit("demo", job("nightly-etl", "1s", "FAILED"));
    submit("demo", job("feature-backfill", "10m", "COMPLETED"));
    submit("admin", job("admins-own", "1s", "COMPLETED"));
    api.awaitState(completedId, "demo", "COMPLETED", WAIT);

    open("");
    visible(By.id("username")).sendKeys("demo");
    browser.findElement(By.id("password")).sendKeys("not-the-password");
    screenshot("sign-in.png");
    browser.findElement(By.id("sign-in-button")).click();
    textIn(By.cssSelector("[role=alert]"), "invalid user name or password");
    assertThat(browser.manage().getCookieNamed("bpg_session")).isNull();

    signIn("demo");
    // The session cookie is the browser's alone: the page's script cannot read it.
    assertThat(browser.manage().getCookieNamed("bpg_session").isHttpOnly()).isTrue();
    assertThat((String) browser.executeScript("return document.cookie")).doesNotContain("bpg_");
    assertThat(browser.findElement(By.id("nav-clusters")).isDisplayed()).isFalse();
  }

  @Test
  @Order(2)
  void theTableFindsASubmissionWhosePageShowsItCompletedWithItsLog() throws Exception {
    open("#/submissions");
    visible(By.cssSelector("#submissions-body tr[data-id]"));
    textIn(By.id("submissions-body"), "FAILED");
    // Only demo's: an admin's submission is not in a user's table.
    assertThat(browser.findElement(By.id("submissions-body")).getText())
        .doesNotContain("admins-own");
    screenshot("submissions.png");
    // A time range that ends before any of them.
    open("#/submissions?to=2020-01-01T00:00");
    textIn(By.id("submissions-body"), "No submissions match.");
    assertThat(browser.findElement(By.id("filter-to")).getAttribute("value"))
        .isEqualTo("2020-01-01T00:00");
    open("#/submissions");

    WebElement name = browser.findElement(By.id("filter-name"));
    name.sendKeys(completedName, Keys.ENTER);
    wait.until(ExpectedConditions.urlContains("name=" + completedName));
    wait.until(
        ExpectedConditions.numberOfElementsToBe(
            By.cssSelector("#submissions-body tr[data-id]"), 1));
    WebElement row =
        browser.findElement(By.cssSelector("#submissions-body tr[data-id='" + completedId + "']"));
    assertThat(row.getText()).contains("COMPLETED");

    row.findElement(By.linkText(completedId)).click();
    textIn(By.id("state"), "COMPLETED");
    textIn(By.id("log"), "Pi is roughly");
    textIn(By.id("log-state"), "end of log");
    textIn(By.id("timeline"), "RUNNING");
    textIn(By.id("attempts"), "CREATED");
    textIn(By.id("routing"), "Why this cluster: chose spark-cluster-");
    assertThat(browser.findElement(By.id("kill")).isDisplayed()).isFalse();
    screenshot("submission.png");
  }

  @Test
  @Order(3)
  void aRunningSubmissionIsKilledAfterTheConfirmation() throws Exception {
    String id = submit("demo", job("console-long-run", "10m", "COMPLETED"));
    api.awaitState(id, "demo", "RUNNING", WAIT);
    open("#/submissions/" + id);
    textIn(By.id("state"), "RUNNING");
    textIn(By.id("log-state"), "following");
    textIn(By.id("log"), "SimulatedDriver");
    // An executor's log instead of the driver's, followed too.
    browser.findElement(By.id("log-source")).sendKeys("Executor 2");
    textIn(By.id("log"), "SimulatedExecutor");
    assertThat(browser.findElement(By.id("log")).getText()).doesNotContain("SimulatedDriver");
    textIn(By.id("log-state"), "following");

    visible(By.id("kill")).click();
    visible(By.id("kill-dialog"));
    // Cancel first: nothing happens.
    browser.findElement(By.id("kill-cancel")).click();
    assertThat(api.get("/spark/" + id + "/status", "demo").text("applicationState"))
        .isEqualTo("RUNNING");

    visible(By.id("kill")).click();
    visible(By.id("kill-confirm"));
    screenshot("kill.png");
    browser.findElement(By.id("kill-confirm")).click();
    textIn(By.id("state"), "FAILED");
    assertThat(api.get("/spark/" + id + "/status", "demo").text("applicationState"))
        .isEqualTo("FAILED");
    assertThat(api.states(id, "demo")).endsWith("FAILED");
  }

  @Test
  @Order(4)
  void aRequestIsDryRunThenSubmitted() throws Exception {
    open("#/submit");
    WebElement request = visible(By.id("request"));
    String name = "console-submitted-" + UUID.randomUUID().toString().substring(0, 8);
    request.clear();
    request.sendKeys(job(name, "1s", "COMPLETED"));
    browser.findElement(By.id("dry-run")).click();
    textIn(By.id("dry-run-result"), "spark-cluster-");
    assertThat(browser.findElement(By.id("dry-run-result")).getText()).contains("dev");
    screenshot("submit.png");
    assertThat(api.get("/submissions?name=" + name, "demo").json().path("submissions")).isEmpty();

    browser.findElement(By.id("submit-button")).click();
    wait.until(ExpectedConditions.urlContains("#/submissions/spark-cluster-"));
    textIn(By.id("state"), "COMPLETED");
    assertThat(api.get("/submissions?name=" + name, "demo").json().path("submissions")).hasSize(1);
  }

  @Test
  @Order(5)
  void onAPhoneInDarkModeTheTableFitsTheWidth() throws Exception {
    browser.manage().window().setSize(new Dimension(390, 844));
    browser.executeCdpCommand(
        "Emulation.setEmulatedMedia",
        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
    try {
      open("#/submissions");
      visible(By.cssSelector("#submissions-body tr[data-id]"));
      assertThat(
              (Boolean)
                  browser.executeScript(
                      "return matchMedia('(prefers-color-scheme: dark)').matches"))
          .isTrue();
      String background =
          (String) browser.executeScript("return getComputedStyle(document.body).backgroundColor");
      assertThat(background).isEqualTo("rgb(13, 17, 23)");
      Long overflow =
          (Long)
              browser.executeScript(
                  "return document.documentElement.scrollWidth - window.innerWidth");
      assertThat(overflow).isLessThanOrEqualTo(0L);
      screenshot("phone-dark.png");
    } finally {
      browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
      browser.manage().window().setSize(new Dimension(1280, 800));
    }
  }

  @Test
  @Order(6)
  void anAdminSeesADownClusterOnTheClustersPage() throws Exception {
    visible(By.id("sign-out")).click();
    visible(By.id("username"));
    open("#/submissions");
    visible(By.id("username"));
    signIn("admin");
    local.cluster("spark-cluster-b").stopApiServer();
    visible(By.id("nav-clusters")).click();
    By clusterB = By.cssSelector("#clusters-body tr[data-id='spark-cluster-b']");
    textIn(clusterB, "DOWN");
    assertThat(
            browser
                .findElement(By.cssSelector("#clusters-body tr[data-id='spark-cluster-a']"))
                .getText())
        .contains("HEALTHY");
    screenshot("clusters.png");
  }
}
