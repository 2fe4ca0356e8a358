package org.xiangtu.testing;

import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Phone emulation for the browser tests through the DevTools protocol: the page lays out at a phone's CSS
 * width (headless Chromium keeps windows at least 500 px wide, so the window size alone cannot do it),
 * with touch; and a device position for {@code navigator.geolocation}. Both apply to the current tab.
 */
public final class Phone {
    private Phone() {
    }

    /** Emulates a phone screen of {@code width} × {@code height} CSS pixels (scale 1, mobile, touch). */
    public static void emulate(ChromeDriver driver, int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", true));
        driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 5));
    }

    /** Grants {@code origin} the geolocation permission and fixes the device's position. */
    public static void locate(ChromeDriver driver, String origin, double lon, double lat) {
        driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", origin,
                "permissions", java.util.List.of("geolocation")));
        driver.executeCdpCommand("Emulation.setGeolocationOverride", Map.of("latitude", lat, "longitude", lon,
                "accuracy", 10));
    }

    /** Cuts the page's network (Chrome's emulation: every request fails as offline) or gives it back. */
    public static void offline(ChromeDriver driver, boolean offline) {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", offline, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
    }

    /** Waits until the script returns true; on a timeout the page's console is printed before the error. */
    public static void waitFor(ChromeDriver driver, java.time.Duration timeout, String script) {
        try {
            new org.openqa.selenium.support.ui.WebDriverWait(driver, timeout)
                    .until(d -> Boolean.TRUE.equals(driver.executeScript(script)));
        } catch (RuntimeException e) {
            driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)
                    .forEach(entry -> System.err.println("console: " + entry.getMessage()));
            System.err.println("waiting for: " + script + "; the app's queue: " + driver.executeScript(
                    "return document.getElementById('queue-items')?.textContent ?? '(no queue on this page)'"));
            throw e;
        }
    }
}
