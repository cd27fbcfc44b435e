package com.queuehall.counters;

import com.queuehall.http.Problems;
import com.queuehall.redis.DayKeys;
import com.queuehall.support.CounterTerminal;
import com.queuehall.support.OneHallPerClass;
import com.queuehall.support.Stores;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import static com.queuehall.support.TestHall.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kiosks and four counters of P001 act at random, sixteen requests at a time: issues, session
 * changes, calls, recalls, no-shows, starts, completions and transfers, most of them on the ticket
 * a counter holds, some on any ticket, some sent twice; halfway, Redis is flushed under them.
 * Whatever the server refuses, it refuses with a problem; and at the end Redis and Postgres tell the
 * same story: each queue in Redis holds exactly the tickets Postgres has waiting in it, no counter
 * holds two tickets, and no ticket was called twice without a transfer in between. (A transfer sent
 * twice once emptied a ticket's Redis entry while Postgres had it waiting; a call that failed late
 * once put back a ticket that had been served meanwhile.)
 */
class LifecycleRaceTest extends OneHallPerClass {

  private static final long SEED = 20_261_208L;
  private static final int ROUNDS = 90;
  private static final int AT_ONCE = 16;
  private static final List<String> SERVICES = List.of("passport", "hkmo-permit", "hkmo-endorsement");
  private static final List<String> ACTIONS = List.of("recall", "no-show", "start", "complete", "transfer");

  @Test
  @DisplayName("after random concurrent counter actions and a FLUSHALL among them, every refusal is a problem and "
      + "Redis's queues are Postgres's waiting tickets")
  void redisAndPostgresAgree() {
    Random random = new Random(SEED);
    for (String s : SERVICES) {
      assertThat(hall.setQuota("P001", s, TODAY, new JsonObject().put("walkIn", 10_000)).statusCode()).isEqualTo(200);
    }
    Map<String, CounterTerminal> counters = new TreeMap<>();
    Map<String, List<String>> serves = new HashMap<>();
    for (var c : hall.server().catalog().point("P001").orElseThrow().counters().subList(0, 4)) {
      counters.put(c.id(), CounterTerminal.at(hall, "P001", c.id()).opens(c.services().toArray(String[]::new)));
      serves.put(c.id(), c.services());
    }
    List<String> desks = List.copyOf(counters.keySet());
    List<String> tickets = new ArrayList<>();
    Map<String, String> inHand = new HashMap<>();
    Map<String, Integer> answered = new TreeMap<>();

    for (int round = 0; round < ROUNDS; round++) {
      List<String> what = new ArrayList<>();
      List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
      for (int i = 0; i < AT_ONCE; i++) {
        String c = desks.get(random.nextInt(desks.size()));
        CounterTerminal t = counters.get(c);
        double r = random.nextDouble();
        if (r < 0.25 || tickets.isEmpty()) {
          what.add("issue");
          sent.add(hall.issue("P001", SERVICES.get(random.nextInt(SERVICES.size())), UUID.randomUUID().toString()));
        } else if (r < 0.30) {
          List<String> some = new ArrayList<>(serves.get(c));
          Collections.shuffle(some, random);
          String status = random.nextInt(4) == 0 ? (random.nextBoolean() ? "paused" : "closed") : "open";
          what.add("session " + c);
          sent.add(t.sendSession(status, some.subList(0, 1 + random.nextInt(some.size())).toArray(String[]::new)));
        } else if (r < 0.50) {
          what.add("call-next " + c);
          sent.add(t.sendCallNext());
        } else {
          String id = inHand.containsKey(c) && random.nextInt(5) > 0 ? inHand.get(c)
              : tickets.get(random.nextInt(tickets.size()));
          String action = ACTIONS.get(random.nextInt(ACTIONS.size()));
          JsonObject body = action.equals("transfer")
              ? new JsonObject().put("service", SERVICES.get(random.nextInt(SERVICES.size()))) : null;
          int copies = random.nextInt(6) == 0 ? 2 : 1; // a double click
          for (int k = 0; k < copies; k++) {
            what.add(action + " " + c);
            sent.add(t.send(action, id, body));
          }
        }
      }
      // Halfway, Redis loses everything while these requests are in flight: the state is rebuilt from
      // Postgres, and the calls and transfers caught on the old state must not leave it wrong.
      if (round == ROUNDS / 2) Stores.redis(Command.FLUSHALL);
      for (int i = 0; i < sent.size(); i++) {
        HttpResponse<Buffer> res = Stores.await(sent.get(i));
        String op = what.get(i).split(" ")[0];
        answered.merge(op + " " + res.statusCode(), 1, Integer::sum);
        assertThat(res.statusCode()).as(what.get(i) + ": " + res.bodyAsString()).isLessThan(500);
        if (res.statusCode() >= 400) {
          assertThat(res.getHeader("Content-Type")).as(what.get(i)).startsWith(Problems.CONTENT_TYPE);
        }
        if (op.equals("issue") && res.statusCode() == 201) tickets.add(res.bodyAsJsonObject().getString("id"));
        if (op.equals("call-next") && res.statusCode() == 200) {
          inHand.put(what.get(i).split(" ")[1], res.bodyAsJsonObject().getString("id"));
        }
      }
    }

    // The run did what it is for: tickets called, served, refused and transferred, at random.
    assertThat(answered).as("answers by operation and status")
        .hasEntrySatisfying("call-next 200", n -> assertThat(n).isGreaterThanOrEqualTo(20))
        .hasEntrySatisfying("transfer 200", n -> assertThat(n).isGreaterThanOrEqualTo(10))
        .hasEntrySatisfying("transfer 409", n -> assertThat(n).isGreaterThanOrEqualTo(10))
        .hasEntrySatisfying("complete 200", n -> assertThat(n).isGreaterThanOrEqualTo(5));

    DayKeys keys = new DayKeys("P001", TODAY);
    for (String s : SERVICES) {
      Set<String> inRedis = new HashSet<>();
      Response ids = Stores.redis(Command.HKEYS, keys.queue(s));
      if (ids != null) ids.forEach(id -> inRedis.add(id.toString()));
      Set<String> waiting = new HashSet<>();
      for (Row row : Stores.sql("SELECT id::text FROM ticket WHERE status = 'WAITING' AND queue_service_id = $1 "
          + "AND point_id = 'P001' AND day = $2", s, TODAY)) {
        waiting.add(row.getString(0));
      }
      assertThat(inRedis).as("the " + s + " queue in Redis, against Postgres's waiting tickets; answers " + answered)
          .isEqualTo(waiting);
    }
    assertThat(Stores.count("SELECT count(*) FROM (SELECT counter_id FROM ticket WHERE status IN ('CALLED', 'SERVING')"
        + " GROUP BY counter_id HAVING count(*) > 1) busy")).as("counters holding two tickets").isZero();
    assertThat(Stores.count("SELECT count(*) FROM (SELECT entity_id FROM event WHERE entity = 'ticket' GROUP BY entity_id"
        + " HAVING count(*) FILTER (WHERE type = 'called') > 1 + count(*) FILTER (WHERE type = 'transferred')) twice"))
        .as("tickets called twice without a transfer between").isZero();
  }
}
