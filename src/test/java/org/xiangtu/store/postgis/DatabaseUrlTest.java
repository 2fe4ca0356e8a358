package org.xiangtu.store.postgis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {
    @Test
    void a_postgres_url_gives_a_jdbc_url_without_credentials() {
        DatabaseUrl u = DatabaseUrl.parse("postgres://xiangtu:p%40ss@db.county.gov.cn:6432/gis?sslmode=require");
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.county.gov.cn:6432/gis?sslmode=require");
        assertThat(u.user()).isEqualTo("xiangtu");
        assertThat(u.password()).isEqualTo("p@ss");
        assertThat(u.hostPort()).isEqualTo("db.county.gov.cn:6432");
        assertThat(u.database()).isEqualTo("gis");
        assertThat(u.toString()).doesNotContain("p@ss").doesNotContain("p%40ss").contains("xiangtu");
    }

    @Test
    void a_jdbc_url_keeps_its_parameters_and_loses_its_credentials() {
        DatabaseUrl u = DatabaseUrl.parse("jdbc:postgresql://127.0.0.1/xiangtu_test?user=postgres&password=x&ssl=false");
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/xiangtu_test?ssl=false");
        assertThat(u.user()).isEqualTo("postgres");
        assertThat(u.password()).isEqualTo("x");
        assertThat(DatabaseUrl.parse("postgresql://localhost/db").hostPort()).isEqualTo("localhost:5432");
        assertThat(DatabaseUrl.parse("postgresql://localhost/db").user()).isNull();
    }

    @Test
    void a_url_of_another_kind_or_without_a_database_is_refused_without_showing_the_password() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://u:secret@h/db")).hasMessageContaining("postgres://")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://u:secret@h:5432/")).hasMessageContaining("no database")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> DatabaseUrl.parse(" ")).hasMessageContaining("empty");
    }

    @Test
    void redact_hides_passwords_in_both_forms() {
        assertThat(DatabaseUrl.redact("postgres://u:secret@h/db")).isEqualTo("postgres://u:***@h/db");
        assertThat(DatabaseUrl.redact("jdbc:postgresql://h/db?user=u&password=secret&x=1"))
                .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&x=1");
        assertThat(DatabaseUrl.redact("postgres://u@h/db")).isEqualTo("postgres://u@h/db");
    }
}
