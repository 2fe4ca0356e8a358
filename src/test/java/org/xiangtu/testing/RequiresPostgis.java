package org.xiangtu.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test class that needs a PostgreSQL/PostGIS test database: without
 * {@code XIANGTU_TEST_DATABASE_URL} (and outside CI) the whole class is skipped, each test reported as
 * skipped with the reason — before any set-up runs, so no teardown meets a half-made fixture. In CI
 * ({@code CI=true}) the class always runs, and fails if the database is missing.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(RequiresPostgis.Condition.class)
public @interface RequiresPostgis {

    /** Enables the class when a test database is configured or in CI. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            String url = System.getenv(Requirements.TEST_DATABASE_URL);
            if (url != null && !url.isBlank()) {
                return ConditionEvaluationResult.enabled(Requirements.TEST_DATABASE_URL + " is set");
            }
            if (Requirements.isCi()) {
                return ConditionEvaluationResult.enabled("CI=true: the PostGIS tests must run");
            }
            return ConditionEvaluationResult.disabled(Requirements.TEST_DATABASE_URL + " is not set: skipping the "
                    + "PostGIS tests (they run in CI; e.g. " + Requirements.TEST_DATABASE_URL
                    + "=jdbc:postgresql://127.0.0.1:5432/xiangtu_test?user=postgres)");
        }
    }
}
