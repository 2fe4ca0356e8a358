package org.xiangtu.store.postgis;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.xiangtu.catalog.LayerDef;

/**
 * Replaces a layer's rows by loading them into a fresh table and putting it in the old one's place
 * just before the import commits: no {@code DELETE}, no dead rows left for vacuum, no index updated
 * row by row (the indexes are built once after the load; PostGIS sorts the geometries to build the
 * GiST index), and the rows are written frozen ({@code COPY … FREEZE}). On the database side alone
 * this is about twice as fast as deleting and copying into the table with its indexes (bench/README.md).
 *
 * <p>The fresh table is made {@code LIKE} the old one (columns, types, collations, defaults, NOT NULL
 * and CHECK constraints, storage, extended statistics, comments), gets the old one's indexes, with
 * their definitions and, after the swap, their names (a primary key or unique constraint is attached
 * to its index again), and its grants. It is used only for a plain table ({@link #WHY_NOT} is null):
 * owned by the importing role, no triggers, rules, policies, foreign keys, inheritance, views,
 * owned sequences, publications, column privileges or settings, storage options, tablespaces,
 * unlogged persistence or a comment on the table, whose loss a swap would hide. Any other table
 * keeps its rows replaced in place (the caller's {@code DELETE} and {@code COPY}).
 *
 * <p>Readers: until the swap they read the old table (the import holds SHARE ROW EXCLUSIVE on it,
 * which lets them); the swap ({@code DROP TABLE}, {@code RENAME}) takes ACCESS EXCLUSIVE, so reads
 * that arrive between the swap and the commit wait for the commit, then read the new table. A
 * repeatable-read transaction that had not read the table before the commit reads the new rows
 * (frozen rows are visible to every snapshot), not an empty table. The DROP waits at most {@link
 * #SWAP_LOCK_TIMEOUT} for sessions still holding the old table (an open transaction that read it),
 * since new readers queue behind it; then the rows are moved into the old table in place instead.
 */
final class TableSwap {
    /** Why the table cannot be swapped (null when it can): the things a DROP TABLE would lose or refuse. */
    static final String WHY_NOT = "SELECT CASE"
            + " WHEN c.relkind <> 'r' OR c.relispartition OR c.relhassubclass"
            + "   OR EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = c.oid) THEN 'not a plain table'"
            + " WHEN c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user) THEN 'owned by another role'"
            + " WHEN EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal) THEN 'it has triggers'"
            + " WHEN EXISTS (SELECT 1 FROM pg_rewrite r WHERE r.ev_class = c.oid) THEN 'it has rules'"
            + " WHEN c.relrowsecurity OR EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid) THEN 'it has row security'"
            + " WHEN c.reloptions IS NOT NULL OR c.relpersistence <> 'p' OR c.reltablespace <> 0"
            + "   OR EXISTS (SELECT 1 FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
            + "   WHERE x.indrelid = c.oid AND i.reltablespace <> 0) THEN 'of its storage settings'"
            + " WHEN c.relreplident <> 'd' THEN 'it has a replica identity'"
            + " WHEN obj_description(c.oid, 'pg_class') IS NOT NULL THEN 'it has a comment'"
            + " WHEN EXISTS (SELECT 1 FROM pg_constraint k WHERE k.confrelid = c.oid"
            + "   OR (k.conrelid = c.oid AND (k.contype NOT IN ('p', 'u', 'c') OR k.condeferrable))) THEN 'of its constraints'"
            + " WHEN EXISTS (SELECT 1 FROM pg_depend d JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass"
            + "   AND d.objid = r.oid WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = c.oid"
            + "   AND r.ev_class <> c.oid) THEN 'views depend on it'"
            + " WHEN EXISTS (SELECT 1 FROM pg_depend d JOIN pg_class s ON d.classid = 'pg_class'::regclass"
            + "   AND d.objid = s.oid AND s.relkind = 'S' WHERE d.refclassid = 'pg_class'::regclass"
            + "   AND d.refobjid = c.oid) THEN 'it owns a sequence'"
            + " WHEN EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0"
            + "   AND NOT a.attisdropped AND (a.attacl IS NOT NULL OR a.attstattarget >= 0"
            + "   OR array_to_string(a.attoptions, ',') LIKE '%n_distinct%'))"
            + "   THEN 'of column privileges or settings'"
            + " WHEN EXISTS (SELECT 1 FROM pg_publication p WHERE p.puballtables)"
            + "   OR EXISTS (SELECT 1 FROM pg_publication_rel p WHERE p.prrelid = c.oid) THEN 'it is published'"
            + " END FROM pg_class c WHERE c.oid = ?::regclass";
    /** Everything but the indexes (built after the load) and the grants (copied after). */
    static final String CREATE = "CREATE TABLE %s (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS"
            + " INCLUDING GENERATED INCLUDING IDENTITY INCLUDING STORAGE INCLUDING COMPRESSION"
            + " INCLUDING STATISTICS INCLUDING COMMENTS)";
    /** The table's indexes: name, definition, access method, the constraint it backs (p, u or null). */
    static final String INDEXES = "SELECT i.relname, pg_get_indexdef(i.oid), m.amname, k.contype,"
            + " obj_description(i.oid, 'pg_class') FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
            + " JOIN pg_am m ON m.oid = i.relam"
            + " LEFT JOIN pg_constraint k ON k.conindid = i.oid AND k.conrelid = x.indrelid"
            + " WHERE x.indrelid = ?::regclass ORDER BY i.relname";
    /** The table's grants as GRANT statements for the fresh table (named by %s), the owner's own left out. */
    static final String GRANTS = "SELECT format('GRANT %%s ON %%s TO %%s%%s', a.privilege_type, '%s',"
            + " CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END,"
            + " CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END)"
            + " FROM pg_class c, aclexplode(c.relacl) a LEFT JOIN pg_roles r ON r.oid = a.grantee"
            + " WHERE c.oid = ?::regclass AND a.grantee <> c.relowner ORDER BY 1";
    static final String ATTACH = "ALTER TABLE %s ADD CONSTRAINT %s %s USING INDEX %s";
    static final String DROP = "DROP TABLE %s";
    /** How long the swap waits for other sessions to let go of the old table (readers queue behind it meanwhile). */
    static final String SWAP_LOCK_TIMEOUT = "2s";
    static final String SET_LOCK_TIMEOUT = "SET LOCAL lock_timeout = '%s'";
    static final String LOCK_NOT_AVAILABLE = "55P03";
    /** The fallback when the old table is held: its rows replaced by the fresh table's, in place. */
    static final String MOVE_IN_PLACE = "INSERT INTO %s (%s) SELECT %s FROM %s";
    static final String RENAME_TABLE = "ALTER TABLE %s RENAME TO %s";
    static final String RENAME_INDEX = "ALTER INDEX %s RENAME TO %s";
    static final String COMMENT_INDEX = "COMMENT ON INDEX %s IS %s";

    /** An index of the old table: its name and how it is made on the fresh one under a temporary name. */
    private record Index(String name, String temporary, List<String> ddl) {
    }

    private final LayerDef layer;
    /** The fresh table's name, unquoted, and quoted. */
    private final String name;
    private final String table;
    private final List<Index> indexes = new ArrayList<>();

    private TableSwap(LayerDef layer, String name) {
        this.layer = layer;
        this.name = name;
        this.table = PostgisSql.q(name);
    }

    /** Why {@code layer}'s table must be replaced in place, or null when a swap can replace it. */
    static String whyNot(Connection c, LayerDef layer) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(WHY_NOT)) {
            ps.setString(1, PostgisSql.q(layer.id()));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "it is missing";
            }
        }
    }

    /**
     * Creates the fresh table (empty, no indexes) beside {@code layer}'s; the caller copies the rows
     * into {@link #table()} ({@code FREEZE} is allowed: the table is new in this transaction), then
     * calls {@link #build}, and {@link #swap} just before the commit.
     *
     * @param n a number unique in the import, for the temporary names
     */
    static TableSwap create(Connection c, LayerDef layer, int n) throws SQLException {
        String old = PostgisSql.q(layer.id());
        TableSwap swap = new TableSwap(layer, "xiangtu_import_" + n);
        try (Statement st = c.createStatement()) {
            st.execute(String.format(CREATE, swap.table, old));
        }
        try (PreparedStatement ps = c.prepareStatement(INDEXES)) {
            ps.setString(1, old);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    swap.add(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
                }
            }
        }
        return swap;
    }

    private void add(String name, String def, String method, String constraint, String comment) {
        String temporary = this.name + "_" + indexes.size();
        String unique = def.startsWith("CREATE UNIQUE INDEX ") ? "CREATE UNIQUE INDEX " : "CREATE INDEX ";
        int using = def.indexOf(" USING " + method + " ");
        if (!def.startsWith(unique) || using < 0) {
            throw new IllegalStateException("unexpected index definition: " + def);
        }
        List<String> ddl = new ArrayList<>();
        ddl.add(unique + PostgisSql.q(temporary) + " ON " + table + def.substring(using));
        if (constraint != null) {
            ddl.add(String.format(ATTACH, table, PostgisSql.q(temporary),
                    "p".equals(constraint) ? "PRIMARY KEY" : "UNIQUE", PostgisSql.q(temporary)));
        }
        if (comment != null) {
            ddl.add(String.format(COMMENT_INDEX, PostgisSql.q(temporary), literal(comment)));
        }
        indexes.add(new Index(name, temporary, ddl));
    }

    /** The layer's id. */
    String layer() {
        return layer.id();
    }

    /** The fresh table, quoted, for the COPY. */
    String table() {
        return table;
    }

    /** Builds the indexes (and the constraints they back) on the loaded table and copies the grants. */
    void build(Connection c) throws SQLException {
        List<String> grants = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(String.format(GRANTS, table))) {
            ps.setString(1, PostgisSql.q(layer.id()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    grants.add(rs.getString(1));
                }
            }
        }
        try (Statement st = c.createStatement()) {
            for (Index index : indexes) {
                for (String ddl : index.ddl()) {
                    st.execute(ddl);
                }
            }
            for (String grant : grants) {
                st.execute(grant);
            }
        }
    }

    /**
     * Drops the old table and gives the fresh one its name and its indexes' names. If another
     * session holds the old table (an open transaction that read it) for longer than {@link
     * #SWAP_LOCK_TIMEOUT}, the DROP gives up rather than make every reader queue behind it: the rows
     * are then moved into the old table in place ({@link #MOVE_IN_PLACE}, which readers do not
     * conflict with) and the fresh table is dropped.
     *
     * @return true when swapped, false when the rows were moved in place
     */
    boolean swap(Connection c) throws SQLException {
        String old = PostgisSql.q(layer.id());
        try (Statement st = c.createStatement()) {
            Savepoint before = c.setSavepoint();
            st.execute(String.format(SET_LOCK_TIMEOUT, SWAP_LOCK_TIMEOUT));
            try {
                st.execute(String.format(DROP, old));
            } catch (SQLException e) {
                if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                    throw e;
                }
                c.rollback(before);
                st.execute(String.format(SET_LOCK_TIMEOUT, "0"));
                String columns = PostgisSql.columns(layer).stream().map(PostgisSql::q).collect(Collectors.joining(", "));
                st.executeUpdate(PostgisSql.deleteAll(layer));
                st.executeUpdate(String.format(MOVE_IN_PLACE, old, columns, columns, table));
                st.execute(String.format(DROP, table));
                st.execute(String.format(PostgisSql.ANALYZE, old));
                return false;
            }
            st.execute(String.format(SET_LOCK_TIMEOUT, "0"));
            c.releaseSavepoint(before);
            st.execute(String.format(RENAME_TABLE, table, old));
            for (Index index : indexes) {
                st.execute(String.format(RENAME_INDEX, PostgisSql.q(index.temporary()), quoteAny(index.name())));
            }
            return true;
        }
    }

    /** An index name as found (it may be any name a DBA gave), quoted for SQL. */
    private static String quoteAny(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
