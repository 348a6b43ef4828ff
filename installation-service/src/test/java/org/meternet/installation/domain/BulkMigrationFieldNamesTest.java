package org.meternet.installation.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.meternet.installation.domain.BulkMigration.LineResult;

class BulkMigrationFieldNamesTest {
    @Test
    void aNestedValueOfTheWrongKindIsNamedAsTheContractNamesFields() {
        BulkMigrationTest.load();
        String line = "{\"premises\":{\"postcode\":\"ME19 4AB\"},\"devices\":[{\"deviceId\":[1],\"deviceType\":\"CHF\"}]}";
        LineResult r = BulkMigrationTest.migrate(BulkMigrationTest.storingAll(), List.of(line)).get(0);
        assertThat(r.code()).isEqualTo("INVALID_JSON");
        assertThat(r.field()).isEqualTo("devices[0].deviceId");
    }
}
