package org.xiangtu.store.postgis;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xiangtu.catalog.LayerDef;

/**
 * Replaces a layer's rows by loading them into a fresh table and putting it in the old one's place
 * just before the import commits: no {@code DELETE}, no dead rows left for vacuum, no index updated
 * row by row (the indexes are built once after the load; PostGIS sorts the geometries to build the
 * GiST index), and the rows are written frozen ({@code COPY … FREEZE}). On the database side alone
 * this is about twice as fast as deleting and copying into the table with its indexes (bench/README.md).
 *
 * <p>The fresh table is made {@code LIKE} the old one (columns, types, collations, defaults, NOT NULL
 * and CHECK constraints, storage, column comments), gets the old one's indexes, with their
 * definitions and, after the swap, their names (a primary key or unique constraint is attached to
 * its index again), and exactly its grants. It is used only for a plain table ({@link #WHY_NOT} is
 * null): owned by the importing role, nothing else depending on it (views, functions, foreign keys,
 * its row type), no triggers, rules, policies, inheritance, owned sequences, publications (of the
 * table or its schema), default privileges, extended statistics, column privileges or settings,
 * storage options, tablespaces, unlogged persistence, clustering, constraints not validated or with
 * comments, or a comment on the table: whatever a swap would lose or a DROP refuse. Any other table
 * keeps its rows replaced in place (the caller's {@code DELETE} and {@code COPY}).
 *
 * <p>Readers: until the swap they read the old table (the import holds EXCLUSIVE on it,
 * which lets them); the swap ({@code DROP TABLE}, {@code RENAME}) takes ACCESS EXCLUSIVE, so reads
 * that arrive between the swap and the commit wait for the commit, then read the new table. A
 * repeatable-read transaction that had not read the table before the commit reads the new rows
 * (frozen rows are visible to every snapshot), not an empty table. All the import's old tables are
 * locked at once ({@link #swapAll}), waiting at most {@link #SWAP_LOCK_TIMEOUT} for sessions still
 * holding one (an open transaction that read it), since new readers queue behind the wait; if that
 * times out, deadlocks with such a session, or a DROP is refused, every layer's rows are moved into
 * its old table in place instead ({@link #MOVE_IN_PLACE}), which readers do not conflict with.
 */
final class TableSwap {
    /** Why the table cannot be swapped (null when it can): what a DROP TABLE would lose or refuse. */
    static final String WHY_NOT = "SELECT CASE"
            + " WHEN c.relkind <> 'r' OR c.relispartition OR c.relhassubclass OR c.reloftype <> 0"
            + "   OR c.relam <> (SELECT oid FROM pg_am WHERE amname = 'heap')"
            + "   OR EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = c.oid) THEN 'not a plain table'"
            + " WHEN c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user) THEN 'owned by another role'"
            + " WHEN EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal) THEN 'it has triggers'"
            + " WHEN EXISTS (SELECT 1 FROM pg_rewrite r WHERE r.ev_class = c.oid) THEN 'it has rules'"
            + " WHEN c.relrowsecurity OR c.relforcerowsecurity OR EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid)"
            + "   THEN 'it has row security'"
            + " WHEN EXISTS (SELECT 1 FROM pg_seclabel l WHERE l.classoid = 'pg_class'::regclass AND l.objoid = c.oid)"
            + "   THEN 'it has security labels'"
            + " WHEN EXISTS (SELECT 1 FROM aclexplode(c.relacl) a WHERE a.grantor <> c.relowner)"
            + "   THEN 'grants on it were made by other roles'"
            + " WHEN c.reloptions IS NOT NULL OR c.relpersistence <> 'p' OR c.reltablespace <> 0"
            + "   OR EXISTS (SELECT 1 FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = c.oid"
            + "   AND (i.reltablespace <> 0 OR x.indisclustered OR NOT x.indisvalid OR i.reloptions IS NOT NULL"
            + "   OR EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = i.oid AND a.attstattarget >= 0)))"
            + "   THEN 'of its storage settings'"
            + " WHEN c.relreplident <> 'd' THEN 'it has a replica identity'"
            + " WHEN obj_description(c.oid, 'pg_class') IS NOT NULL THEN 'it has a comment'"
            + " WHEN EXISTS (SELECT 1 FROM pg_constraint k WHERE k.confrelid = c.oid"
            + "   OR (k.conrelid = c.oid AND (k.contype NOT IN ('p', 'u', 'c') OR k.condeferrable OR NOT k.convalidated"
            + "   OR (k.contype <> 'c' AND obj_description(k.oid, 'pg_constraint') IS NOT NULL))))"
            + "   THEN 'of its constraints'"
            + " WHEN EXISTS (SELECT 1 FROM pg_depend d WHERE d.deptype = 'n' AND ((d.refclassid = 'pg_class'::regclass"
            + "   AND d.refobjid = c.oid) OR (d.refclassid = 'pg_type'::regclass AND d.refobjid IN (c.reltype,"
            + "   (SELECT y.typarray FROM pg_type y WHERE y.oid = c.reltype))))" // not the table's own CHECKs, defaults, indexes:
            + "   AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE d.classid = 'pg_constraint'::regclass"
            + "   AND k.oid = d.objid AND k.conrelid = c.oid AND k.contype = 'c')"
            + "   AND NOT EXISTS (SELECT 1 FROM pg_attrdef f WHERE d.classid = 'pg_attrdef'::regclass"
            + "   AND f.oid = d.objid AND f.adrelid = c.oid)"
            + "   AND NOT EXISTS (SELECT 1 FROM pg_index x WHERE d.classid = 'pg_class'::regclass"
            + "   AND x.indexrelid = d.objid AND x.indrelid = c.oid)) THEN 'other objects depend on it'"
            + " WHEN EXISTS (SELECT 1 FROM pg_depend d JOIN pg_class s ON d.classid = 'pg_class'::regclass"
            + "   AND d.objid = s.oid AND s.relkind = 'S' WHERE d.refclassid = 'pg_class'::regclass"
            + "   AND d.refobjid = c.oid) THEN 'it owns a sequence'"
            + " WHEN EXISTS (SELECT 1 FROM pg_statistic_ext x WHERE x.stxrelid = c.oid) THEN 'it has extended statistics'"
            + " WHEN EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0"
            + "   AND NOT a.attisdropped AND (a.attacl IS NOT NULL OR a.attstattarget >= 0"
            + "   OR array_to_string(a.attoptions, ',') LIKE '%n_distinct%'))"
            + "   THEN 'of column privileges or settings'"
            + " WHEN EXISTS (SELECT 1 FROM pg_default_acl p WHERE p.defaclobjtype = 'r' AND p.defaclrole = c.relowner"
            + "   AND p.defaclnamespace IN (0, c.relnamespace)) THEN 'default privileges apply to new tables'"
            + " WHEN EXISTS (SELECT 1 FROM pg_publication p WHERE p.puballtables)"
            + "   OR EXISTS (SELECT 1 FROM pg_publication_rel p WHERE p.prrelid = c.oid) THEN 'it is published'"
            + " WHEN EXISTS (SELECT 1 FROM pg_subscription_rel r WHERE r.srrelid = c.oid) THEN 'it is subscribed to'"
            + " END FROM pg_class c WHERE c.oid = ?::regclass";
    /** PostgreSQL 15 publishes whole schemas too ({@code FOR TABLES IN SCHEMA}). */
    static final String SCHEMA_PUBLISHED = "SELECT EXISTS (SELECT 1 FROM pg_publication_namespace p"
            + " JOIN pg_class c ON c.relnamespace = p.pnnspid WHERE c.oid = ?::regclass)";
    /** Everything but the indexes (built after the load) and the grants (copied after). */
    static final String CREATE = "CREATE TABLE %s (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS"
            + " INCLUDING GENERATED INCLUDING IDENTITY INCLUDING STORAGE INCLUDING COMPRESSION INCLUDING COMMENTS)";
    /**
     * The table's indexes: name, definition, where the definition's column list starts (after
     * {@code … ON schema.table USING method}), the constraint it backs (p, u or null), comment.
     */
    static final String INDEXES = "SELECT i.relname, pg_get_indexdef(i.oid),"
            + " ' ON ' || quote_ident(n.nspname) || '.' || quote_ident(t.relname) || ' USING ' || m.amname || ' ',"
            + " k.contype, obj_description(i.oid, 'pg_class') FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
            + " JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace"
            + " JOIN pg_am m ON m.oid = i.relam"
            + " LEFT JOIN pg_constraint k ON k.conindid = i.oid AND k.conrelid = x.indrelid"
            + " WHERE x.indrelid = ?::regclass ORDER BY i.relname";
    /** Whether a table has its owner's default privileges (a NULL ACL, not the same as an empty one). */
    static final String DEFAULT_ACL = "SELECT relacl IS NULL FROM pg_class WHERE oid = ?::regclass";
    /** A table's privileges in order: grantee (quoted, or PUBLIC), privilege, grantable (all granted by its owner: WHY_NOT). */
    static final String ACL = "SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END,"
            + " a.privilege_type, a.is_grantable FROM pg_class c, aclexplode(c.relacl) WITH ORDINALITY a"
            + " LEFT JOIN pg_roles r ON r.oid = a.grantee WHERE c.oid = ?::regclass ORDER BY a.ordinality";
    static final String GRANT = "GRANT %s ON %s TO %s%s";
    static final String GRANT_ALL_TO_OWNER = "GRANT ALL ON %s TO CURRENT_USER";
    static final String REVOKE_ALL = "REVOKE ALL ON %s FROM %s";
    static final String ATTACH = "ALTER TABLE %s ADD CONSTRAINT %s %s USING INDEX %s";
    static final String DROP = "DROP TABLE %s";
    /** How long the swap waits for other sessions to let go of the old tables (readers queue behind it meanwhile). */
    static final String SWAP_LOCK_TIMEOUT = "2s";
    static final String SHOW_TIMEOUTS = "SELECT current_setting('lock_timeout'), current_setting('statement_timeout')";
    /** Lock timeout, then statement timeout: the first bounds each table's wait, the second the whole LOCK. */
    static final String SET_TIMEOUTS = "SET LOCAL lock_timeout = %s; SET LOCAL statement_timeout = %s";
    static final String LOCK_ALL = "LOCK TABLE %s IN ACCESS EXCLUSIVE MODE";
    /** Why the swap gives way, by SQLSTATE: a lock wait timed out, a deadlock, a DROP refused. */
    static final Map<String, String> GIVE_WAY = Map.of("55P03", "a lock wait timed out", "57014", "a lock wait timed out",
            "40P01", "a deadlock with another session", "2BP01", "other objects depend on it");
    /** The fallback when the old table cannot be swapped at the end: its rows replaced by the fresh table's. */
    static final String MOVE_IN_PLACE = "INSERT INTO %s (%s) SELECT %s FROM %s";
    static final String RENAME_TABLE = "ALTER TABLE %s RENAME TO %s";
    static final String RENAME_INDEX = "ALTER INDEX %s RENAME TO %s";
    static final String COMMENT_INDEX = "COMMENT ON INDEX %s IS %s";

    /** An index of the old table: its name and how it is made on the fresh one under a temporary name. */
    private record Index(String name, String temporary, List<String> ddl) {
    }

    /** A privilege on a table: to whom (quoted, or PUBLIC), which, and whether it may be granted on. */
    private record Grant(String grantee, String privilege, boolean grantable) {
    }

    private final LayerDef layer;
    /** The layer's table, quoted. */
    private final String old;
    /** The fresh table's name, unquoted, and quoted. */
    private final String name;
    private final String table;
    private final List<Index> indexes = new ArrayList<>();

    private TableSwap(LayerDef layer, String name) {
        this.layer = layer;
        this.old = PostgisSql.q(layer.id());
        this.name = name;
        this.table = PostgisSql.q(name);
    }

    /** Why {@code layer}'s table must be replaced in place, or null when a swap can replace it. */
    static String whyNot(Connection c, LayerDef layer) throws SQLException {
        String old = PostgisSql.q(layer.id());
        try (PreparedStatement ps = c.prepareStatement(WHY_NOT)) {
            ps.setString(1, old);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "it is missing";
                }
                if (rs.getString(1) != null) {
                    return rs.getString(1);
                }
            }
        }
        if (c.getMetaData().getDatabaseMajorVersion() >= 15) {
            try (PreparedStatement ps = c.prepareStatement(SCHEMA_PUBLISHED)) {
                ps.setString(1, old);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return "its schema is published";
                    }
                }
            }
        }
        return null;
    }

    /**
     * Creates the fresh table (empty, no indexes) beside {@code layer}'s; the caller copies the rows
     * into {@link #table()} ({@code FREEZE} is allowed: the table is new in this transaction), then
     * calls {@link #build}, and {@link #swapAll} just before the commit.
     *
     * @param prefix a prefix no concurrent import uses (the backend's process id in it), for the temporary names
     * @param n a number unique in the import
     */
    static TableSwap create(Connection c, LayerDef layer, String prefix, int n) throws SQLException {
        TableSwap swap = new TableSwap(layer, prefix + n);
        try (Statement st = c.createStatement()) {
            st.execute(String.format(CREATE, swap.table, swap.old));
        }
        try (PreparedStatement ps = c.prepareStatement(INDEXES)) {
            ps.setString(1, swap.old);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    swap.add(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
                }
            }
        }
        return swap;
    }

    /** The prefix of this import's temporary names: {@code xiangtu_import_<backend pid>_}. */
    static String prefix(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return "xiangtu_import_" + rs.getInt(1) + "_";
        }
    }

    private void add(String name, String def, String onTableUsing, String constraint, String comment) {
        String temporary = this.name + "_" + indexes.size();
        String unique = def.startsWith("CREATE UNIQUE INDEX ") ? "CREATE UNIQUE INDEX " : "CREATE INDEX ";
        int on = def.indexOf(onTableUsing);
        if (!def.startsWith(unique) || on < 0) {
            throw new IllegalStateException("unexpected index definition: " + def);
        }
        String using = onTableUsing.substring(onTableUsing.indexOf(" USING "));
        List<String> ddl = new ArrayList<>();
        ddl.add(unique + PostgisSql.q(temporary) + " ON " + table + using + def.substring(on + onTableUsing.length()));
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

    /** A database message about the fresh table or its indexes, with their final names instead of the temporary ones. */
    String describe(String message) {
        if (message == null) {
            return null;
        }
        String out = message;
        for (int i = indexes.size() - 1; i >= 0; i--) { // _10 before _1
            out = out.replace(indexes.get(i).temporary(), indexes.get(i).name());
        }
        return out.replace(name, layer.id());
    }

    /** Builds the indexes (and the constraints they back) on the loaded table and gives it the old one's privileges. */
    void build(Connection c) throws SQLException {
        boolean oldDefault = defaultAcl(c, old);
        boolean freshDefault = defaultAcl(c, table);
        List<Grant> acl = acl(c, old);
        List<Grant> fresh = acl(c, table);
        try (Statement st = c.createStatement()) {
            for (Index index : indexes) {
                for (String ddl : index.ddl()) {
                    st.execute(ddl);
                }
            }
            if (!oldDefault || !freshDefault) { // replay exactly: clear the fresh table's, then grant the old ones
                st.execute(String.format(REVOKE_ALL, table, "CURRENT_USER")); // the owner (whyNot)
                for (String grantee : fresh.stream().map(Grant::grantee).distinct().toList()) {
                    st.execute(String.format(REVOKE_ALL, table, grantee));
                }
                if (oldDefault) {
                    st.execute(String.format(GRANT_ALL_TO_OWNER, table));
                }
                for (Grant g : acl) {
                    st.execute(String.format(GRANT, g.privilege(), table, g.grantee(), g.grantable() ? " WITH GRANT OPTION" : ""));
                }
            }
        }
    }

    private static boolean defaultAcl(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DEFAULT_ACL)) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static List<Grant> acl(Connection c, String table) throws SQLException {
        List<Grant> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(ACL)) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Grant(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
                }
            }
        }
        return out;
    }

    /**
     * Puts every fresh table in its old one's place: locks all the old tables at once, waiting at
     * most {@link #SWAP_LOCK_TIMEOUT} in all, drops them, renames the fresh ones and their indexes. If
     * the lock times out or deadlocks with another session, or a DROP is refused, nothing is swapped:
     * each layer's rows are moved into its old table in place and the fresh tables dropped.
     *
     * @return null when swapped, else why the rows were moved in place
     */
    static String swapAll(Connection c, List<TableSwap> swaps) throws SQLException {
        if (swaps.isEmpty()) {
            return null;
        }
        String timeouts;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(SHOW_TIMEOUTS)) {
            rs.next();
            timeouts = String.format(SET_TIMEOUTS, literal(rs.getString(1)), literal(rs.getString(2)));
        }
        String olds = String.join(", ", swaps.stream().map(s -> s.old).toList());
        try (Statement st = c.createStatement()) {
            Savepoint before = c.setSavepoint();
            try {
                st.execute(String.format(SET_TIMEOUTS, literal(SWAP_LOCK_TIMEOUT), literal(SWAP_LOCK_TIMEOUT)));
                st.execute(String.format(LOCK_ALL, olds));
                st.execute(timeouts);
                for (TableSwap s : swaps) {
                    st.execute(String.format(DROP, s.old));
                }
            } catch (SQLException e) {
                String why = GIVE_WAY.get(e.getSQLState());
                if (why == null) {
                    throw e;
                }
                c.rollback(before); // also undoes the SET LOCALs
                for (TableSwap s : swaps) {
                    s.moveInPlace(st);
                }
                return why;
            }
            c.releaseSavepoint(before);
            for (TableSwap s : swaps) {
                st.execute(String.format(RENAME_TABLE, s.table, s.old));
                for (Index index : s.indexes) {
                    st.execute(String.format(RENAME_INDEX, PostgisSql.q(index.temporary()), quoteAny(index.name())));
                }
            }
            return null;
        }
    }

    private void moveInPlace(Statement st) throws SQLException {
        String columns = PostgisSql.columnList(layer);
        st.executeUpdate(PostgisSql.deleteAll(layer));
        st.executeUpdate(String.format(MOVE_IN_PLACE, old, columns, columns, table));
        st.execute(String.format(DROP, table));
        st.execute(String.format(PostgisSql.ANALYZE, old));
    }

    /** An index name as found (it may be any name a DBA gave), quoted for SQL. */
    private static String quoteAny(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
