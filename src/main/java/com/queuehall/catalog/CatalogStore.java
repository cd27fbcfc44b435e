package com.queuehall.catalog;

import com.queuehall.catalog.Catalog.Counter;
import com.queuehall.catalog.Catalog.Point;
import com.queuehall.catalog.Catalog.PointService;
import com.queuehall.catalog.Catalog.Service;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * Stores the catalog in Postgres at start, so that records reference it and the quota
 * constraints read the same defaults Redis does. Points missing from a replaced catalog are
 * marked inactive, never deleted: their history stays.
 */
public final class CatalogStore {

  private static final String UPSERT_SERVICE = "INSERT INTO service (id, line, name, prefix, walkin_quota, slot_start, "
      + "slot_end, slot_minutes, slot_capacity, service_minutes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
      + "ON CONFLICT (id) DO UPDATE SET line = EXCLUDED.line, name = EXCLUDED.name, prefix = EXCLUDED.prefix, "
      + "walkin_quota = EXCLUDED.walkin_quota, slot_start = EXCLUDED.slot_start, slot_end = EXCLUDED.slot_end, "
      + "slot_minutes = EXCLUDED.slot_minutes, slot_capacity = EXCLUDED.slot_capacity, "
      + "service_minutes = EXCLUDED.service_minutes";
  private static final String UPSERT_POINT = "INSERT INTO point (id, name, district, timezone, active) "
      + "VALUES ($1, $2, $3, $4, true) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, "
      + "district = EXCLUDED.district, timezone = EXCLUDED.timezone, active = true";
  private static final String DEACTIVATE_POINTS = "UPDATE point SET active = false WHERE NOT (id = ANY($1))";
  private static final String UPSERT_POINT_SERVICE = "INSERT INTO point_service (point_id, service_id, walkin_quota, "
      + "slot_capacity) VALUES ($1, $2, $3, $4) ON CONFLICT (point_id, service_id) DO UPDATE SET "
      + "walkin_quota = EXCLUDED.walkin_quota, slot_capacity = EXCLUDED.slot_capacity";
  private static final String UPSERT_KIOSK = "INSERT INTO kiosk (id, point_id) VALUES ($1, $2) "
      + "ON CONFLICT (id) DO UPDATE SET point_id = EXCLUDED.point_id";
  private static final String UPSERT_COUNTER = "INSERT INTO counter (point_id, id, services) VALUES ($1, $2, $3) "
      + "ON CONFLICT (point_id, id) DO UPDATE SET services = EXCLUDED.services";

  private CatalogStore() {}

  public static Future<Void> save(Pool pool, Catalog catalog) {
    return pool.withTransaction(conn -> conn.query("LOCK TABLE service, point IN SHARE ROW EXCLUSIVE MODE").execute()
        .compose(v -> batch(conn, UPSERT_SERVICE, catalog.services().values().stream()
            .map(CatalogStore::service).toList()))
        .compose(v -> batch(conn, UPSERT_POINT, catalog.points().values().stream()
            .map(p -> Tuple.of(p.id(), p.name(), p.district(), catalog.zone().getId())).toList()))
        .compose(v -> conn.preparedQuery(DEACTIVATE_POINTS)
            .execute(Tuple.of(catalog.points().keySet().toArray(new String[0]))))
        .compose(v -> batch(conn, UPSERT_POINT_SERVICE, pointServices(catalog)))
        .compose(v -> batch(conn, UPSERT_KIOSK, kiosks(catalog)))
        .compose(v -> batch(conn, UPSERT_COUNTER, counters(catalog))));
  }

  private static Tuple service(Service s) {
    return Tuple.from(new Object[] {s.id(), s.line(), s.name(), s.prefix(), s.walkInQuota(), s.grid().start(),
        s.grid().end(), s.grid().minutes(), s.grid().capacity(), s.serviceMinutes()});
  }

  private static List<Tuple> pointServices(Catalog catalog) {
    List<Tuple> out = new ArrayList<>();
    for (Point p : catalog.points().values()) {
      for (PointService ps : p.services().values()) out.add(Tuple.of(p.id(), ps.id(), ps.walkInQuota(),
          ps.slotCapacity()));
    }
    return out;
  }

  private static List<Tuple> kiosks(Catalog catalog) {
    List<Tuple> out = new ArrayList<>();
    for (Point p : catalog.points().values()) {
      for (String k : p.kiosks()) out.add(Tuple.of(k, p.id()));
    }
    return out;
  }

  private static List<Tuple> counters(Catalog catalog) {
    List<Tuple> out = new ArrayList<>();
    for (Point p : catalog.points().values()) {
      for (Counter c : p.counters()) out.add(Tuple.of(p.id(), c.id(), c.services().toArray(new String[0])));
    }
    return out;
  }

  private static Future<Void> batch(SqlConnection conn, String sql, List<Tuple> rows) {
    if (rows.isEmpty()) return Future.succeededFuture();
    return conn.preparedQuery(sql).executeBatch(rows).mapEmpty();
  }
}
