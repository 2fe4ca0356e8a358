package org.xiangtu.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaults_serve_7070_on_the_embedded_store_without_a_basemap() {
        AppConfig c = ConfigLoader.load(null, Map.of(), Map.of());
        assertThat(c.server().port()).isEqualTo(7070);
        assertThat(c.store().gpkg()).isEqualTo("var/xiangtu.gpkg");
        assertThat(c.paging().maxLimit()).isEqualTo(10_000);
        assertThat(c.basemap().url()).isNull();
    }

    @Test
    void file_then_environment_then_options_take_precedence() throws Exception {
        Path file = dir.resolve("c.json");
        Files.writeString(file, "{\"server\":{\"port\":8000,\"host\":\"127.0.0.1\"},\"paging\":{\"maxLimit\":500}}");
        AppConfig c = ConfigLoader.load(file, Map.of("XIANGTU_PORT", "8100", "XIANGTU_STORE_GPKG", "/tmp/a.gpkg"),
                Map.of("store.gpkg", "/tmp/b.gpkg"));
        assertThat(c.server().port()).isEqualTo(8100);
        assertThat(c.server().host()).isEqualTo("127.0.0.1");
        assertThat(c.paging().maxLimit()).isEqualTo(500);
        assertThat(c.store().gpkg()).isEqualTo("/tmp/b.gpkg");
    }

    @Test
    void long_environment_names_map_to_camel_case_keys() {
        AppConfig c = ConfigLoader.load(null, Map.of("XIANGTU_PAGING_DEFAULT_LIMIT", "50",
                "XIANGTU_BASEMAP_URL", "http://tiles.local/{z}/{x}/{y}.png"), Map.of());
        assertThat(c.paging().defaultLimit()).isEqualTo(50);
        assertThat(c.basemap().url()).isEqualTo("http://tiles.local/{z}/{x}/{y}.png");
    }

    @Test
    void the_event_heartbeat_is_15_seconds_unless_set_and_must_be_1_to_3600() {
        assertThat(ConfigLoader.load(null, Map.of(), Map.of()).server().eventsHeartbeatSeconds()).isEqualTo(15);
        assertThat(ConfigLoader.load(null, Map.of("XIANGTU_SERVER_EVENTS_HEARTBEAT_SECONDS", "5"), Map.of())
                .server().eventsHeartbeatSeconds()).isEqualTo(5);
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("server.eventsHeartbeatSeconds", "0")))
                .hasMessageContaining("server.eventsHeartbeatSeconds");
    }

    @Test
    void reading_an_upload_may_take_30_seconds_unless_set_and_1_to_3600() {
        assertThat(ConfigLoader.load(null, Map.of(), Map.of()).uploads().readTimeoutSeconds()).isEqualTo(30);
        assertThat(ConfigLoader.load(null, Map.of("XIANGTU_UPLOADS_READ_TIMEOUT_SECONDS", "5"), Map.of())
                .uploads().readTimeoutSeconds()).isEqualTo(5);
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("uploads.readTimeoutSeconds", "0")))
                .hasMessageContaining("uploads.readTimeoutSeconds");
    }

    @Test
    void database_url_comes_after_the_xiangtu_variables_and_before_options() {
        String fromEnv = "postgres://u:envpass@db:5432/xiangtu";
        AppConfig c = ConfigLoader.load(null, Map.of("DATABASE_URL", fromEnv,
                "XIANGTU_STORE_DATABASE_URL", "postgres://u:other@db2/x", "XIANGTU_STORE_STATEMENT_TIMEOUT_MS", "2500",
                "XIANGTU_TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1/test"), Map.of());
        assertThat(c.store().databaseUrl()).isEqualTo(fromEnv);
        assertThat(c.store().statementTimeoutMs()).isEqualTo(2500);
        assertThat(ConfigLoader.load(null, Map.of("DATABASE_URL", fromEnv),
                Map.of("store.databaseUrl", "postgres://cli@h/d")).store().databaseUrl()).isEqualTo("postgres://cli@h/d");
        assertThat(ConfigLoader.load(null, Map.of(), Map.of()).store().databaseUrl()).isNull();
    }

    @Test
    void the_logged_configuration_never_shows_the_database_password() {
        AppConfig c = ConfigLoader.load(null, Map.of("DATABASE_URL", "postgres://xiangtu:pa55@db:5432/xiangtu"), Map.of());
        assertThat(ConfigLoader.describe(c)).contains("postgres://xiangtu:***@db:5432/xiangtu").doesNotContain("pa55");
        AppConfig j = ConfigLoader.load(null, Map.of(), Map.of("store.databaseUrl",
                "jdbc:postgresql://db/x?user=u&password=pa55&ssl=true"));
        assertThat(ConfigLoader.describe(j)).contains("password=***").contains("ssl=true").doesNotContain("pa55");
    }

    @Test
    void unknown_keys_fail_naming_the_key() throws Exception {
        Path file = dir.resolve("c.json");
        Files.writeString(file, "{\"server\":{\"prot\":8000}}");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of())).hasMessageContaining("prot");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("XIANGTU_SERVR_PORT", "1"), Map.of()))
                .hasMessageContaining("XIANGTU_SERVR_PORT");
    }

    @Test
    void bad_values_fail_naming_the_key() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("XIANGTU_PORT", "seventy"), Map.of()))
                .hasMessageContaining("XIANGTU_PORT");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("XIANGTU_PORT", "70000"), Map.of()))
                .hasMessageContaining("server.port");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("XIANGTU_BASEMAP_URL", "http://x/tile.png"), Map.of()))
                .hasMessageContaining("basemap.url");
    }

    @Test
    void trusted_proxies_and_screen_addresses_are_lists_of_addresses_or_ranges() {
        AppConfig c = ConfigLoader.load(null, Map.of("XIANGTU_ACCESS_TRUSTED_PROXIES", "10.0.0.1, 10.1.0.0/16,fd00::/8"),
                Map.of("access.screenAddresses", "192.168.7.0/24"));
        assertThat(c.access().trustedProxies()).containsExactly("10.0.0.1", "10.1.0.0/16", "fd00::/8");
        assertThat(c.access().screenAddresses()).containsExactly("192.168.7.0/24");
        assertThat(ConfigLoader.load(null, Map.of(), Map.of()).access().trustedProxies()).isEmpty();
        assertThat(AddressRanges.parse(c.access().trustedProxies()).contains("10.1.200.3")).isTrue();
        assertThat(AddressRanges.parse(c.access().trustedProxies()).contains("10.2.0.1")).isFalse();
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("access.trustedProxies", "proxy.example")))
                .hasMessageContaining("access.trustedProxies").hasMessageContaining("proxy.example");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("access.trustedProxies", "10.0.0.0/33")))
                .hasMessageContaining("prefix");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("access.eventStreamsReserved", "5000")))
                .hasMessageContaining("eventStreamsReserved");
    }
}
