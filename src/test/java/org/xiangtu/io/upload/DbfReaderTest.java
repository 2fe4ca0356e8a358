package org.xiangtu.io.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xiangtu.catalog.FieldType;

class DbfReaderTest {
    private static final Charset GBK = Charset.forName("GBK");

    @Test
    void reads_c_n_f_l_d_fields_trimmed_and_flags_deleted_records() {
        byte[] dbf = dbf(GBK, new String[][] {
            {" ", "安居村", "120", "35.5", "T", "20240301"},
            {"*", "已删除", "1", "1.0", "F", "20240302"},
            {" ", "西河村", "", "", "?", ""},
        });
        List<String> warnings = new ArrayList<>();
        DbfReader r = new DbfReader(dbf, GBK, warnings);

        assertThat(r.fields()).containsExactly(new UploadField("名称", FieldType.STRING),
                new UploadField("hu", FieldType.INTEGER), new UploadField("mj", FieldType.NUMBER),
                new UploadField("tongdian", FieldType.BOOLEAN), new UploadField("riqi", FieldType.DATE));
        assertThat(r.size()).isEqualTo(3);
        assertThat(r.isDeleted(1)).isTrue();
        assertThat(r.isDeleted(0)).isFalse();
        assertThat(r.record(0)).containsEntry("名称", "安居村").containsEntry("hu", 120L).containsEntry("mj", 35.5)
                .containsEntry("tongdian", true).containsEntry("riqi", "2024-03-01");
        assertThat(r.record(2)).containsEntry("名称", "西河村").containsEntry("hu", null).containsEntry("mj", null)
                .containsEntry("tongdian", null).containsEntry("riqi", null);
        assertThat(warnings).isEmpty();
    }

    @Test
    void gbk_text_is_not_utf8_and_utf8_text_is() {
        assertThat(DbfReader.isUtf8(dbf(GBK, new String[][] {{" ", "安居村", "1", "1", "T", "20240301"}}))).isFalse();
        assertThat(DbfReader.isUtf8(dbf(StandardCharsets.UTF_8, new String[][] {{" ", "安居村", "1", "1", "T",
            "20240301"}}))).isTrue();
    }

    @Test
    void truncated_dbf_is_400_naming_the_dbf() {
        byte[] dbf = dbf(GBK, new String[][] {{" ", "安居村", "1", "1", "T", "20240301"}});
        UploadException e = catchThrowableOfType(UploadException.class,
                () -> new DbfReader(Arrays.copyOf(dbf, dbf.length - 10), GBK, new ArrayList<>()));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.field()).isEqualTo("file.dbf");
    }

    @Test
    void twelve_digit_codes_stored_as_floating_point_come_out_as_integers() {
        Object[][] fields = {{"村代码", 'N', 19, 3}, {"code_f", 'F', 19, 11}, {"mj", 'N', 12, 3}};
        byte[] dbf = dbf(GBK, fields, new String[][] {
            {" ", "500151103202.000", "5.00151103202E+11", "1.000"},
            {" ", "500151103203.000", "", "2.500"},
            {"*", "1.5", "1.5", "1.5"}, // deleted: not counted
        });
        List<String> warnings = new ArrayList<>();
        DbfReader r = new DbfReader(dbf, GBK, warnings);
        assertThat(r.fields()).containsExactly(new UploadField("村代码", FieldType.INTEGER),
                new UploadField("code_f", FieldType.INTEGER), new UploadField("mj", FieldType.NUMBER));
        assertThat(r.record(0)).containsEntry("村代码", 500151103202L).containsEntry("code_f", 500151103202L)
                .containsEntry("mj", 1.0);
        assertThat(r.record(1)).containsEntry("村代码", 500151103203L).containsEntry("code_f", null);
        assertThat(String.valueOf(r.record(0).get("code_f"))).isEqualTo("500151103202");
        assertThat(warnings).hasSize(2).allMatch(w -> w.contains("whole numbers"));
    }

    /** A dBASE III file: 名称 C(20), hu N(9,0), mj N(12,3), tongdian L(1), riqi D(8). */
    private static byte[] dbf(Charset cs, String[][] rows) {
        Object[][] fields = {{"名称", 'C', 20, 0}, {"hu", 'N', 9, 0}, {"mj", 'N', 12, 3}, {"tongdian", 'L', 1, 0},
            {"riqi", 'D', 8, 0}};
        return dbf(cs, fields, rows);
    }

    /** A dBASE III file with these fields ({name, type, length, decimals}); rows start with the deletion flag. */
    private static byte[] dbf(Charset cs, Object[][] fields, String[][] rows) {
        int recordLength = 1;
        for (Object[] f : fields) {
            recordLength += (int) f[2];
        }
        int headerLength = 32 + 32 * fields.length + 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = new byte[32];
        header[0] = 3;
        header[4] = (byte) rows.length;
        header[8] = (byte) headerLength;
        header[9] = (byte) (headerLength >> 8);
        header[10] = (byte) recordLength;
        out.writeBytes(header);
        for (Object[] f : fields) {
            byte[] d = new byte[32];
            byte[] name = ((String) f[0]).getBytes(cs);
            System.arraycopy(name, 0, d, 0, Math.min(10, name.length));
            d[11] = (byte) (char) f[1];
            d[16] = (byte) (int) f[2];
            d[17] = (byte) (int) f[3];
            out.writeBytes(d);
        }
        out.write(0x0D);
        for (String[] row : rows) {
            out.writeBytes(row[0].getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < fields.length; i++) {
                byte[] v = row[i + 1].getBytes(cs);
                byte[] cell = new byte[(int) fields[i][2]];
                Arrays.fill(cell, (byte) ' ');
                System.arraycopy(v, 0, cell, 0, v.length);
                out.writeBytes(cell);
            }
        }
        out.write(0x1A);
        return out.toByteArray();
    }
}
