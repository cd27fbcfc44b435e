package com.queuehall.db;

import com.queuehall.http.HttpVerticle;
import com.queuehall.support.Stores;
import com.queuehall.support.TestHall;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The request path's statements are prepared when a connection opens, and a bad one is caught then. */
class StatementsTest {

  @Test
  @DisplayName("every hot statement prepares against the migrated schema, server-side, on the connection")
  void hotStatementsPrepare() {
    TestHall.start().close(); // migrations applied
    SqlConnection conn = Stores.await(Stores.pg().getConnection());
    try {
      long before = Stores.await(conn.query("SELECT count(*) FROM pg_prepared_statements").execute())
          .iterator().next().getLong(0);
      Stores.await(Statements.prepare(conn, HttpVerticle.HOT_STATEMENTS));
      long after = Stores.await(conn.query("SELECT count(*) FROM pg_prepared_statements").execute())
          .iterator().next().getLong(0);
      assertThat(after - before).isGreaterThanOrEqualTo(HttpVerticle.HOT_STATEMENTS.size());
    } finally {
      Stores.await(conn.close());
    }
  }

  @Test
  @DisplayName("a statement that does not prepare fails the preparation, naming it")
  void badStatementIsNamed() {
    SqlConnection conn = Stores.await(Stores.pg().getConnection());
    try {
      assertThatThrownBy(() -> Stores.await(Statements.prepare(conn,
          List.of("SELECT 1", "SELECT nope FROM ticket WHERE id = $1"))))
          .hasMessageContaining("statement does not prepare").hasMessageContaining("SELECT nope FROM ticket");
    } finally {
      Stores.await(conn.close());
    }
  }
}
