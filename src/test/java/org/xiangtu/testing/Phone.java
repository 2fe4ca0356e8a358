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
}
