package org.xiangtu.io.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SourceCrsTest {
    private static final String GEOGCS_2000 = "GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\","
            + "DATUM[\"D_China_2000\",SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],"
            + "UNIT[\"Degree\",0.0174532925199433]]";
    private static final String ALBERS_2000 = "PROJCS[\"CGCS2000_Albers\",GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\",DATUM[\"D_China_2000\",SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Albers\"],PARAMETER[\"False_Easting\",0.0],PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",105.0],PARAMETER[\"Standard_Parallel_1\",25.0],PARAMETER[\"Standard_Parallel_2\",47.0],PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]";
    private static final String LCC_1SP_1954 = "PROJCS[\"Beijing_1954_LCC_1SP\",GEOGCS[\"GCS_Beijing_1954\",DATUM[\"D_Beijing_1954\",SPHEROID[\"Krasovsky_1940\",6378245.0,298.3]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Lambert_Conformal_Conic\"],PARAMETER[\"False_Easting\",500000.0],PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",105.0],PARAMETER[\"Standard_Parallel_1\",30.0],PARAMETER[\"Scale_Factor\",0.9996],PARAMETER[\"Latitude_Of_Origin\",30.0],UNIT[\"Meter\",1.0]]";
    private static final Pattern LINE = Pattern.compile("^<(\\d+)>\\s*(.*?)\\s*<>\\s*$");
    private static final Map<Integer, String> EPSG = new HashMap<>();

    /** Proj4J's own EPSG table (proj4j-epsg's {@code proj4/nad/epsg}): the reference for every code. */
    @BeforeAll
    static void loadProj4jTable() throws IOException {
        try (InputStream in = SourceCrsTest.class.getResourceAsStream("/proj4/nad/epsg")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                Matcher m = LINE.matcher(line);
                if (m.matches()) {
                    EPSG.put(Integer.parseInt(m.group(1)), m.group(2));
                }
            }
        }
    }

    @Test
    void every_cgcs2000_gauss_kruger_zone_code_matches_proj4j_parameters() {
        for (int cm = 75; cm <= 135; cm += 3) {
            int zone3 = cm / 3;
            assertZone(SourceCrs.gaussKruger(cm, 500000, "cgcs20003degreegkcm" + cm + "e"), cm, 500000);
            assertZone(SourceCrs.gaussKruger(cm, zone3 * 1e6 + 500000, "x"), cm, zone3 * 1_000_000 + 500000);
            if ((cm + 3) % 6 == 0) {
                int zone6 = (cm + 3) / 6;
                assertZone(SourceCrs.gaussKruger(cm, 500000, "cgcs2000gkcm" + cm + "e"), cm, 500000);
                assertZone(SourceCrs.gaussKruger(cm, zone6 * 1e6 + 500000, "x"), cm, zone6 * 1_000_000 + 500000);
            }
        }
    }

    @Test
    void chongqing_zones_have_the_codes_proj4j_lists() {
        assertThat(SourceCrs.gaussKruger(105, 500000, "cgcs20003degreegkcm105e")).isEqualTo(4544);
        assertThat(SourceCrs.gaussKruger(108, 500000, "")).isEqualTo(4545);
        assertThat(SourceCrs.gaussKruger(111, 500000, "cgcs20003degreegkcm111e")).isEqualTo(4546);
        assertThat(SourceCrs.gaussKruger(105, 35_500_000, "")).isEqualTo(4523);
        assertThat(SourceCrs.gaussKruger(108, 36_500_000, "")).isEqualTo(4524);
        assertThat(SourceCrs.gaussKruger(111, 37_500_000, "")).isEqualTo(4525);
        assertThat(SourceCrs.gaussKruger(105, 18_500_000, "")).isEqualTo(4496);
        assertThat(SourceCrs.gaussKruger(111, 19_500_000, "")).isEqualTo(4497);
        assertThat(SourceCrs.gaussKruger(105, 500000, "cgcs2000gkcm105e")).isEqualTo(4507);
        assertThat(SourceCrs.gaussKruger(111, 500000, "cgcs2000gkcm111e")).isEqualTo(4508);
    }

    @Test
    void esri_prj_files_as_gdal_writes_them_are_understood() {
        assertThat(SourceCrs.fromPrj(projcs("CGCS2000_3_Degree_GK_CM_105E", 500000, 105)).epsg()).isEqualTo(4544);
        assertThat(SourceCrs.fromPrj(projcs("CGCS2000_GK_Zone_18", 18500000, 105)).epsg()).isEqualTo(4496);
        assertThat(SourceCrs.fromPrj(projcs("CGCS2000_3_Degree_GK_Zone_37", 37500000, 111)).epsg()).isEqualTo(4525);
        assertThat(SourceCrs.fromPrj(GEOGCS_2000).epsg()).isEqualTo(4490);
        assertThat(SourceCrs.fromPrj("GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,"
                + "298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]").epsg()).isEqualTo(4326);
    }

    @Test
    void wgs84_utm_and_an_epsg_authority_are_understood() {
        String utm48 = "PROJCS[\"WGS_1984_UTM_Zone_48N\",GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID["
                + "\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],"
                + "PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"False_Easting\",500000.0],PARAMETER[\"False_Northing\","
                + "0.0],PARAMETER[\"Central_Meridian\",105.0],PARAMETER[\"Scale_Factor\",0.9996],"
                + "PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]";
        assertThat(SourceCrs.fromPrj(utm48).epsg()).isEqualTo(32648);
        assertThat(SourceCrs.fromPrj(projcs("anything", 500000, 105).replaceFirst("]$",
                ",AUTHORITY[\"EPSG\",\"4545\"]]")).epsg()).isEqualTo(4545);
    }

    @Test
    void prj_files_that_cannot_be_understood_are_400_naming_the_prj() {
        for (String prj : new String[] {"not wkt at all", projcs("odd", 400000, 105), projcs("odd", 500000, 104),
                GEOGCS_2000.replace("D_China_2000", "D_Xian_1980").replace("6378137.0", "6378140.0")}) {
            UploadException e = catchThrowableOfType(UploadException.class, () -> SourceCrs.fromPrj(prj));
            assertThat(e).as(prj).isNotNull();
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.field()).isEqualTo("file.prj");
        }
    }

    @Test
    void crs_option_accepts_the_usual_spellings() {
        assertThat(SourceCrs.parse("EPSG:4546", "crs").epsg()).isEqualTo(4546);
        assertThat(SourceCrs.parse("4546", "crs").epsg()).isEqualTo(4546);
        assertThat(SourceCrs.parse("urn:ogc:def:crs:EPSG::4490", "crs").epsg()).isEqualTo(4490);
        assertThat(SourceCrs.parse("http://www.opengis.net/def/crs/EPSG/0/4544", "crs").epsg()).isEqualTo(4544);
        assertThat(SourceCrs.parse("urn:ogc:def:crs:OGC:1.3:CRS84", "crs").epsg()).isEqualTo(4326);
        UploadException e = catchThrowableOfType(UploadException.class, () -> SourceCrs.parse("Gauss", "crs"));
        assertThat(e.field()).isEqualTo("crs");
    }

    @Test
    void albers_on_cgcs2000_and_one_parallel_lambert_on_beijing_1954_give_the_positions_gdal_gives() {
        // the projected points are gdaltransform's (GDAL 3.6.2, PROJ 9.1.1) for 106.04 E 29.84 N
        assertLonLat(SourceCrs.fromPrj(ALBERS_2000), 99332.5358037634, 3154212.53496168);
        SourceCrs lcc = SourceCrs.fromPrj(LCC_1SP_1954);
        assertThat(lcc.definition()).contains("+proj=lcc +lat_1=30 +lat_0=30").contains("+k_0=0.9996");
        assertThat(lcc.datum()).isEqualTo(SourceCrs.Datum.BEIJING_1954);
        assertLonLat(lcc, 600466.807423859, -17273.507679324);
    }

    @Test
    void an_epsg_authority_on_beijing_1954_uses_the_code_without_the_registry_shift() {
        SourceCrs crs = SourceCrs.fromPrj(LCC_1SP_1954.replaceFirst("]$", ",AUTHORITY[\"EPSG\",\"2432\"]]"));
        assertThat(crs.id()).isEqualTo("EPSG:2432");
        assertThat(EPSG.get(2432)).as("proj4j-epsg's own line").contains("+towgs84=");
        assertThat(crs.definition()).doesNotContain("towgs84").contains("+ellps=krass");
        assertThat(crs.datum()).isEqualTo(SourceCrs.Datum.BEIJING_1954);
    }

    @Test
    void towgs84_option_is_parsed_from_3_or_7_numbers() {
        assertThat(SourceCrs.towgs84(" 15.8, -154.4 ,-82.3 ")).containsExactly(15.8, -154.4, -82.3);
        assertThat(SourceCrs.towgs84("1 2 3 0.1 0.2 0.3 4")).hasSize(7);
        assertThat(SourceCrs.towgs84("")).isNull();
        for (String bad : new String[] {"1,2", "1,2,3,4,5", "1,,3", "1,2,Infinity", "0,0,0,5000,0,0,0"}) {
            UploadException e = catchThrowableOfType(UploadException.class, () -> SourceCrs.towgs84(bad));
            assertThat(e).as(bad).isNotNull();
            assertThat(e.field()).isEqualTo("towgs84");
        }
    }

    private static void assertLonLat(SourceCrs crs, double x, double y) {
        org.locationtech.proj4j.ProjCoordinate out = new org.locationtech.proj4j.ProjCoordinate();
        crs.transform(null).transform(new org.locationtech.proj4j.ProjCoordinate(x, y), out);
        assertThat(out.x).as(crs.id() + " lon").isCloseTo(106.04, org.assertj.core.data.Offset.offset(1e-8));
        assertThat(out.y).as(crs.id() + " lat").isCloseTo(29.84, org.assertj.core.data.Offset.offset(1e-8));
    }

    private static void assertZone(int code, int cm, long falseEasting) {
        String def = EPSG.get(code);
        assertThat(def).as("EPSG:" + code).isNotNull()
                .contains("+proj=tmerc").contains("+lon_0=" + cm + " ").contains("+x_0=" + falseEasting + " ")
                .contains("+k=1 ").contains("+ellps=GRS80");
    }

    private static String projcs(String name, double falseEasting, double cm) {
        return "PROJCS[\"" + name + "\"," + GEOGCS_2000 + ",PROJECTION[\"Gauss_Kruger\"],PARAMETER[\"False_Easting\","
                + falseEasting + "],PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\"," + cm + "],"
                + "PARAMETER[\"Scale_Factor\",1.0],PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]";
    }
}
