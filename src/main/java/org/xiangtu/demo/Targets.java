package org.xiangtu.demo;

/**
 * The published figures of Tongliang District (2020; {@code shared/domain/facts.md}) that the demo
 * county is generated to reproduce. Only the generator reads these: the product computes every
 * figure from the data, and the tests compare that against their own copy of the published values.
 */
record Targets(
        double districtAreaSqm,
        int poorHouseholds, int poorPeople,
        int safetyNetHouseholds, int safetyNetPeople, int extremePovertyPeople,
        int watchHouseholds, int watchPeople,
        int municipalPovertyVillages, double municipalCentralizedRate,
        double income2017, double income2018, double income2019, double income2020,
        double muPerCategory,
        double greenwayMetres, int greenwayTowns, int greenwayVillages, int greenwayBases, int livingRooms,
        double ruralPipeMetres, double townMainMetres,
        int centralizedWorks, int smallWorks, int sharedPools,
        int newCentralizedHouseholds, int newCentralizedPoorPeople, int meterHouseholds,
        double ruralRoadMetres, double hardenedInMunicipalMetres,
        int housesRenovated, int newCollectiveOrgs, int emptyShellsEliminated, int industryProjects,
        int homeVisitsLastYear, int reviewMeetings, int problemsSolved, int problemsRaised,
        int studentsFunded, long studentAidYuan) {

    /** Tongliang's published figures. Watch/push split, 2018/2020 income and problems raised are not
     *  published: plausible values chosen here, not facts. */
    static Targets tongliang() {
        return new Targets(
                1_340e6,
                4_448, 12_571,
                1_215, 2_683, 171,
                2_781, 8_532,
                5, 0.988,
                16_477, 18_090, 19_690, 20_960,
                100_000,
                60_000, 5, 24, 34, 8,
                1_768_660, 154_500,
                76, 178, 17,
                1_794, 5_068, 15_800,
                1_560_000, 23_800,
                475, 466, 190, 110,
                49_600, 318, 390, 412,
                2_504, 2_400_000);
    }
}
