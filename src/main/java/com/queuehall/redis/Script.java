package com.queuehall.redis;

/** The Lua scripts under src/main/resources/lua; each is one atomic decision. */
public enum Script {
  ISSUE_WALKIN("issue_walkin"),
  RELEASE_WALKIN("release_walkin"),
  BOOK_SLOT("book_slot"),
  RELEASE_BOOKING("release_booking"),
  CHECK_IN("check_in"),
  RELEASE_CHECK_IN("release_check_in"),
  SET_QUOTA("set_quota"),
  REBUILD("rebuild"),
  LOADED_EPOCH("loaded_epoch"),
  SLOT_PLACES("slot_places"),
  CALL_NEXT("call_next"),
  TAKE_TICKET("take_ticket"),
  ENQUEUE("enqueue"),
  PUBLISH("publish"),
  HALL_VIEW("hall_view"),
  QUEUE_VIEW("queue_view"),
  TICKET_STANDING("ticket_standing");

  final String file;

  Script(String file) {
    this.file = file;
  }
}
