package org.xiangtu.testing;

import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;

/**
 * Loading a page in the browser tests. On a loaded 2-core CI machine Chromium's renderer sometimes
 * misses ChromeDriver's page-load deadline ("Timed out receiving message from renderer") right after
 * heavy work (a 3840×2160 screenshot, say) although the page itself is fine; such a load is tried
 * once more. A page that times out twice fails the test.
 */
public final class Navigation {
    private Navigation() {
    }

    public static void load(WebDriver driver, String url) {
        try {
            driver.get(url);
        } catch (TimeoutException e) {
            System.out.println("[browser] page load timed out, trying once more: " + url + " (" + firstLine(e) + ")");
            driver.get(url);
        }
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
