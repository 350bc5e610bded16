package dev.dbmigrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.dbmigrate.testing.PostgresDatabase;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * up, down and up again of a realistic history of SQL files and Java classes: the SQL corpus (enum,
 * identity columns, comments with ? and ', plpgsql with $$ bodies, a BEGIN ATOMIC body, a view, a
 * rule, a COPY block, CREATE INDEX CONCURRENTLY with a partial index) followed by Java migrations,
 * one of them outside a transaction.
 */
class MixedHistoryRoundTripTest {

  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  private static final List<String> CORPUS =
      List.of(
          "20260301000001_Types",
          "20260301000002_Functions",
          "20260301000003_Seed",
          "20260301000004_Indexes");

  @TempDir Path dir;

  @Test
  void every_migration_of_the_mixed_history_passes_its_round_trip() throws Exception {
    for (String name : CORPUS) {
      for (String end : List.of(".up.sql", ".down.sql")) {
        try (InputStream in = getClass().getResourceAsStream("/sql-corpus/" + name + end)) {
          Files.write(dir.resolve(name + end), in.readAllBytes());
        }
      }
    }
    TestMigrations java =
        new TestMigrations()
            .add(
                "20260301000005_MoodHistory",
                d ->
                    Sql.execute(
                        d,
                        "alter type mood add value 'ecstatic';"
                            + " create table mood_log (person_id bigint references people (id)"
                            + " on delete cascade, mood mood not null, at timestamptz default now(),"
                            + " constraint mood_log_at check (at > '2000-01-01'));"
                            + " comment on table mood_log is 'who felt what? it''s kept';"
                            + " create function log_mood() returns trigger language plpgsql as $fn$"
                            + " begin if NEW.current_mood <> OLD.current_mood then"
                            + " insert into mood_log (person_id, mood) values (NEW.id, NEW.current_mood);"
                            + " end if; return NEW; end $fn$;"
                            + " create trigger people_mood after update on people for each row"
                            + " execute function log_mood()"),
                d ->
                    Sql.execute(
                        d,
                        "drop trigger people_mood on people; drop function log_mood();"
                            + " drop table mood_log;"
                            // An enum value cannot be dropped: rebuild the type without it.
                            + " drop function happy_count(); drop view tagged_people;"
                            + " alter type mood rename to mood_old;"
                            + " create type mood as enum ('sad', 'ok', 'happy');"
                            + " alter table people alter column current_mood drop default,"
                            + " alter column current_mood type mood using current_mood::text::mood,"
                            + " alter column current_mood set default 'ok';"
                            + " drop type mood_old;"
                            + " create view tagged_people as select id, name from people where"
                            + " attrs ? 'tag' or attrs ?| array['a', 'b'] or attrs ?& array['c'];"
                            + " create function happy_count() returns bigint language sql"
                            + " begin atomic select count(*) from people where current_mood ="
                            + " 'happy'; end"))
            .add(
                "20260301000006_ConcurrentIndex",
                d ->
                    Sql.execute(
                        d,
                        "create index concurrently mood_log_at on mood_log (at) where mood <> 'sad'"),
                d -> Sql.execute(d, "drop index concurrently mood_log_at"),
                false,
                "checksum-6");
    MigrationSource source =
        MigrationSource.concat(List.of(new SqlFileMigrationSource(List.of(dir)), java));

    TestResult result =
        new Migrator(db.dataSource(), source, MigratorConfig.defaults(), MigrationListener.NONE)
            .test(null, Scratch.fresh(db));

    assertNull(result.failure(), () -> "every round trip passes: " + result.failure());
    assertEquals(6, result.tested().size(), result.tested()::toString);
  }
}
