package org.xiangtu;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xiangtu.account.AuditLog;
import org.xiangtu.account.PasswordHasher;
import org.xiangtu.account.Sessions;
import org.xiangtu.account.User;
import org.xiangtu.account.Users;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.catalog.Role;
import org.xiangtu.config.AppConfig;
import org.xiangtu.config.ConfigLoader;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.FeatureStore;
import org.xiangtu.store.WorkStore;

/**
 * {@code xiangtu user add|passwd|remove|list}: the users of the store the server would use (same
 * options and environment as {@code serve}). There is no default user or password: the first admin
 * is made with {@code xiangtu user add NAME --role admin}. Passwords are read from the terminal
 * (twice), or from the first line of standard input with {@code --password-stdin}; never from an
 * argument, which other users of the machine could see.
 */
final class UserCommand {
    static final String HELP = """
            Usage: xiangtu user add NAME --role leader|planner|admin|cadre [--password-stdin] [STORE OPTIONS]
                   xiangtu user passwd NAME [--password-stdin] [STORE OPTIONS]
                   xiangtu user remove NAME [STORE OPTIONS]
                   xiangtu user list [STORE OPTIONS]

            Manages who may sign in. Roles: leader (sees leaders' figures), planner (also edits,
            imports and exports), admin (also reads the audit log). Passwords have at least 10
            characters and are kept as argon2id hashes. Changing or removing a user is recorded in
            the audit log and ends that user's sessions in the store, so a running server asks them
            to sign in again at their next request.

            STORE OPTIONS (as for serve): --gpkg FILE | --database-url URL, --data DIR, --config FILE
              --password-stdin   read the password from the first line of standard input
            """;
    static final List<String> OPTIONS = List.of("--role", "--password-stdin", "--gpkg", "--database-url", "--data",
            "--config");

    private UserCommand() {
    }

    static int run(List<String> args, InputStream in, PrintStream out, Map<String, String> env) {
        if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
            out.print(HELP);
            return args.isEmpty() ? 2 : 0;
        }
        String action = args.get(0);
        List<String> rest = new java.util.ArrayList<>(args.subList(1, args.size()));
        boolean fromStdin = rest.remove("--password-stdin");
        Map<String, String> o = new LinkedHashMap<>();
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            if (a.startsWith("--")) {
                if (!OPTIONS.contains(a)) {
                    throw new IllegalArgumentException("unknown option " + a);
                }
                if (i + 1 >= rest.size()) {
                    throw new IllegalArgumentException("option " + a + " needs a value");
                }
                o.put(a, rest.get(++i));
            } else {
                names.add(a);
            }
        }
        if (!action.equals("list") && names.size() != 1) {
            throw new IllegalArgumentException("give exactly one user NAME");
        }
        String name = action.equals("list") ? null : names.get(0);
        try (FeatureStore store = open(o, env); WorkStore work = store.openWork()) {
            Users users = new Users(work.users());
            AuditLog audit = new AuditLog(work.audit());
            Sessions sessions = new Sessions(work.sessions(), Clock.systemUTC());
            String actor = "cli:" + System.getProperty("user.name", "?");
            switch (action) {
                case "add" -> {
                    String bad = Users.badName(name);
                    if (bad != null) {
                        throw new IllegalArgumentException(bad);
                    }
                    Role role = Users.role(o.get("--role")).orElseThrow(() ->
                            new IllegalArgumentException("--role must be leader, planner, admin or cadre"));
                    String password = password(fromStdin, in);
                    if (!users.add(name, role, PasswordHasher.hash(password))) {
                        throw new IllegalStateException("user '" + name + "' exists already (xiangtu user passwd "
                                + name + " changes the password)");
                    }
                    audit.record(AuditEntry.of(actor, null, "user-add", name, "ok",
                            AuditLog.json(Map.of("role", role.name().toLowerCase(java.util.Locale.ROOT)))));
                    out.println("Added " + role.name().toLowerCase(java.util.Locale.ROOT) + " '" + name + "'.");
                }
                case "passwd" -> {
                    if (users.find(name).isEmpty()) {
                        throw new IllegalStateException("there is no user '" + name + "'");
                    }
                    users.setPassword(name, PasswordHasher.hash(password(fromStdin, in)));
                    sessions.endAll(name);
                    audit.record(AuditEntry.of(actor, null, "user-passwd", name, "ok", null));
                    out.println("Changed the password of '" + name + "'.");
                }
                case "remove" -> {
                    if (!users.remove(name)) {
                        throw new IllegalStateException("there is no user '" + name + "'");
                    }
                    sessions.endAll(name);
                    audit.record(AuditEntry.of(actor, null, "user-remove", name, "ok", null));
                    out.println("Removed '" + name + "'.");
                }
                case "list" -> {
                    for (User u : users.list()) {
                        out.println(u.name() + "\t" + u.roleName() + "\t" + u.createdAt());
                    }
                }
                default -> throw new IllegalArgumentException("unknown action '" + action
                        + "' (actions: add, passwd, remove, list)");
            }
        }
        return 0;
    }

    /** The store {@code serve} would use, from the store options {@code o} and the environment (also for {@code assign}). */
    static FeatureStore open(Map<String, String> o, Map<String, String> env) {
        Map<String, String> overrides = new LinkedHashMap<>();
        if (o.containsKey("--gpkg")) {
            overrides.put("store.gpkg", o.get("--gpkg"));
        }
        if (o.containsKey("--database-url")) {
            overrides.put("store.databaseUrl", o.get("--database-url"));
        }
        if (o.containsKey("--data")) {
            overrides.put("store.data", o.get("--data"));
        }
        Path configFile = o.containsKey("--config") ? Path.of(o.get("--config")) : null;
        AppConfig config = ConfigLoader.load(configFile, env, overrides);
        DataSource data = DataSource.folderOrBundled(Path.of(config.store().data()));
        Catalog catalog = CatalogLoader.read(data);
        return App.openStore(config, catalog, data);
    }

    private static String password(boolean fromStdin, InputStream in) {
        String password;
        if (fromStdin) {
            try {
                password = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the password from standard input: " + e.getMessage());
            }
        } else {
            Console console = System.console();
            if (console == null) {
                throw new IllegalArgumentException("no terminal to ask for the password: use --password-stdin");
            }
            char[] a = console.readPassword("Password: ");
            char[] b = console.readPassword("Again: ");
            if (a == null || b == null || !Arrays.equals(a, b)) {
                throw new IllegalArgumentException("the two passwords differ");
            }
            password = new String(a);
        }
        String weak = PasswordHasher.weakness(password);
        if (weak != null) {
            throw new IllegalArgumentException(weak);
        }
        return password;
    }
}
