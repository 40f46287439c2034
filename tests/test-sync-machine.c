/* test-sync-machine.c — the sync service's state machine on its own: events in, states
 * and actions out, without a network, a server or a database.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-sync-machine.h"

#define LINK(x)   KASIR_SYNC_LINK_##x
#define RUN(x)    KASIR_SYNC_RUN_##x
#define EV(x)     KASIR_SYNC_EVENT_##x
#define ACT(x)    KASIR_SYNC_ACTION_##x
#define STATUS(x) KASIR_SYNC_STATUS_##x

static void
assert_state (KasirSyncMachine  *machine,
              KasirSyncLink      link,
              KasirSyncRunState  run,
              KasirSyncStatus    status)
{
  g_assert_cmpstr (kasir_sync_link_to_string (kasir_sync_machine_get_link (machine)), ==,
                   kasir_sync_link_to_string (link));
  g_assert_cmpstr (kasir_sync_run_state_to_string (kasir_sync_machine_get_run (machine)), ==,
                   kasir_sync_run_state_to_string (run));
  g_assert_cmpint (kasir_sync_machine_get_status (machine), ==, status);
}

/* Feeds @event and checks that every action in @expected was asked for, and no other. */
static void
feed (KasirSyncMachine *machine,
      KasirSyncEvent    event,
      KasirSyncAction   expected)
{
  KasirSyncAction actions = kasir_sync_machine_handle (machine, event);

  if (actions != expected)
    g_error ("%s: actions 0x%x, expected 0x%x", kasir_sync_event_to_string (event),
             actions, expected);
}

/* A configured till: online, idle, nothing to do. */
static KasirSyncMachine *
online_machine (void)
{
  KasirSyncMachine *machine = kasir_sync_machine_new (TRUE);

  feed (machine, EV (CONFIGURE), ACT (WATCH) | ACT (RESET_FAILURES));
  feed (machine, EV (HEALTH_OK), ACT (START_RUN) | ACT (RESET_BACKOFF));
  feed (machine, EV (RUN_OK), ACT (RESET_FAILURES) | ACT (RESET_BACKOFF));
  kasir_sync_machine_set_work_waiting (machine, FALSE);
  assert_state (machine, LINK (ONLINE), RUN (IDLE), STATUS (ONLINE));

  return machine;
}

static void
test_standalone (void)
{
  g_autoptr(KasirSyncMachine) machine = kasir_sync_machine_new (TRUE);

  assert_state (machine, LINK (STANDALONE), RUN (IDLE), STATUS (STANDALONE));

  /* Without a server nothing is ever asked or started. */
  for (KasirSyncEvent e = 0; e < KASIR_SYNC_N_EVENTS; e++)
    if (e != EV (CONFIGURE) && e != EV (URL_REFUSED) && e != EV (SYNC_NOW) &&
        e != EV (SHUTDOWN) && e != EV (NETWORK_UP) && e != EV (NETWORK_DOWN))
      feed (machine, e, ACT (NONE));
  feed (machine, EV (SYNC_NOW), ACT (RESET_BACKOFF));
  assert_state (machine, LINK (STANDALONE), RUN (IDLE), STATUS (STANDALONE));

  feed (machine, EV (URL_REFUSED), ACT (NONE));
  assert_state (machine, LINK (URL_REFUSED), RUN (IDLE), STATUS (ATTENTION));
}

static void
test_configure_and_first_sync (void)
{
  g_autoptr(KasirSyncMachine) machine = kasir_sync_machine_new (TRUE);

  feed (machine, EV (CONFIGURE), ACT (WATCH) | ACT (RESET_FAILURES));
  assert_state (machine, LINK (UNREACHABLE), RUN (IDLE), STATUS (UNREACHABLE));

  /* The heartbeat is asked while in touch; timers wait until the server answered. */
  feed (machine, EV (HEARTBEAT_DUE), ACT (SEND_HEALTH));
  feed (machine, EV (TICK), ACT (NONE));
  feed (machine, EV (HEALTH_OK), ACT (START_RUN) | ACT (RESET_BACKOFF));
  assert_state (machine, LINK (ONLINE), RUN (RUNNING), STATUS (SYNCING));

  /* More wanted while running: one more run once this one ends, not two at once. */
  feed (machine, EV (TICK), ACT (NONE));
  assert_state (machine, LINK (ONLINE), RUN (AGAIN), STATUS (SYNCING));
  feed (machine, EV (REQUEST), ACT (NONE));
  feed (machine, EV (RUN_OK), ACT (AGAIN) | ACT (RESET_FAILURES) | ACT (RESET_BACKOFF));
  assert_state (machine, LINK (ONLINE), RUN (IDLE), STATUS (ONLINE));
  feed (machine, EV (REQUEST), ACT (START_RUN));
  feed (machine, EV (RUN_OK), ACT (RESET_FAILURES) | ACT (RESET_BACKOFF));
  assert_state (machine, LINK (ONLINE), RUN (IDLE), STATUS (ONLINE));
}

static void
test_configure_offline (void)
{
  g_autoptr(KasirSyncMachine) machine = kasir_sync_machine_new (FALSE);

  feed (machine, EV (CONFIGURE), ACT (WATCH) | ACT (RESET_FAILURES));
  assert_state (machine, LINK (OFFLINE), RUN (IDLE), STATUS (OFFLINE));
  feed (machine, EV (HEARTBEAT_DUE), ACT (NONE));
  feed (machine, EV (REQUEST), ACT (NONE));
  feed (machine, EV (SYNC_NOW), ACT (RESET_BACKOFF));
  assert_state (machine, LINK (OFFLINE), RUN (IDLE), STATUS (OFFLINE));

  feed (machine, EV (NETWORK_UP), ACT (PROBE) | ACT (RESET_BACKOFF));
  assert_state (machine, LINK (UNREACHABLE), RUN (IDLE), STATUS (UNREACHABLE));
  g_assert_true (kasir_sync_machine_get_network (machine));
}

static void
test_network_comes_and_goes (void)
{
  g_autoptr(KasirSyncMachine) machine = online_machine ();

  feed (machine, EV (TICK), ACT (START_RUN));
  feed (machine, EV (NETWORK_DOWN), ACT (NONE));
  /* The run goes on (its own requests fail or finish); the till shows it is offline. */
  assert_state (machine, LINK (OFFLINE), RUN (RUNNING), STATUS (OFFLINE));
  feed (machine, EV (TICK), ACT (NONE));
  feed (machine, EV (RUN_TRANSPORT), ACT (COUNT_FAILURE) | ACT (SCHEDULE_RETRY));
  assert_state (machine, LINK (OFFLINE), RUN (IDLE), STATUS (OFFLINE));
  feed (machine, EV (REQUEST), ACT (NONE));

  feed (machine, EV (NETWORK_UP), ACT (PROBE) | ACT (RESET_BACKOFF));
  feed (machine, EV (HEARTBEAT_DUE), ACT (SEND_HEALTH));
  feed (machine, EV (HEALTH_FAILED), ACT (NONE));
  assert_state (machine, LINK (UNREACHABLE), RUN (IDLE), STATUS (UNREACHABLE));
  /* A retry does not wait for the heartbeat. */
  feed (machine, EV (REQUEST), ACT (START_RUN));
  assert_state (machine, LINK (UNREACHABLE), RUN (RUNNING), STATUS (UNREACHABLE));
  feed (machine, EV (SERVER_ANSWERED), ACT (NONE));
  assert_state (machine, LINK (ONLINE), RUN (RUNNING), STATUS (SYNCING));
  feed (machine, EV (RUN_OK), ACT (RESET_FAILURES) | ACT (RESET_BACKOFF));
  assert_state (machine, LINK (ONLINE), RUN (IDLE), STATUS (ONLINE));
}

static void
test_heartbeat_starts_work (void)
{
  g_autoptr(KasirSyncMachine) machine = online_machine ();

  /* In touch with nothing waiting: the heartbeat only listens. */
  feed (machine, EV (HEALTH_OK), ACT (NONE));
  kasir_sync_machine_set_work_waiting (machine, TRUE);
  feed (machine, EV (HEALTH_OK), ACT (START_RUN));
  feed (machine, EV (HEALTH_OK), ACT (NONE));
  assert_state (machine, LINK (ONLINE), RUN (AGAIN), STATUS (SYNCING));
}

static void
test_failures_ask_for_attention (void)
{
  g_autoptr(KasirSyncMachine) machine = online_machine ();

  for (guint i = 1; i < KASIR_SYNC_FAILURES_FOR_ATTENTION; i++)
    {
      feed (machine, EV (SYNC_NOW), ACT (START_RUN) | ACT (RESET_BACKOFF));
      feed (machine, EV (RUN_TRANSIENT), ACT (COUNT_FAILURE) | ACT (SCHEDULE_RETRY));
      assert_state (machine, LINK (ONLINE), RUN (IDLE), STATUS (ONLINE));
      g_assert_cmpuint (kasir_sync_machine_get_failures (machine), ==, i);
    }
  feed (machine, EV (REQUEST), ACT (START_RUN));
  feed (machine, EV (RUN_FAILED), ACT (COUNT_FAILURE));
  assert_state (machine, LINK (ONLINE), RUN (IDLE), STATUS (ATTENTION));

  /* An accepted push clears it, also in the middle of a run. */
  feed (machine, EV (REQUEST), ACT (START_RUN));
  feed (machine, EV (PUSH_ACCEPTED), ACT (RESET_FAILURES));
  g_assert_cmpuint (kasir_sync_machine_get_failures (machine), ==, 0);
  feed (machine, EV (RUN_OK), ACT (RESET_FAILURES) | ACT (RESET_BACKOFF));
  assert_state (machine, LINK (ONLINE), RUN (IDLE), STATUS (ONLINE));

  /* Nonsense from the server, or a hole in its changes: attention at once. */
  feed (machine, EV (REQUEST), ACT (START_RUN));
  feed (machine, EV (RUN_BAD_ANSWER), ACT (ALERT_FAILURE) | ACT (SCHEDULE_RETRY));
  assert_state (machine, LINK (ONLINE), RUN (IDLE), STATUS (ATTENTION));
  feed (machine, EV (REQUEST), ACT (START_RUN));
  feed (machine, EV (RUN_HOLE), ACT (ALERT_FAILURE));
  assert_state (machine, LINK (ONLINE), RUN (IDLE), STATUS (ATTENTION));
  g_assert_cmpuint (kasir_sync_machine_get_failures (machine), >, KASIR_SYNC_FAILURES_FOR_ATTENTION);

  /* Refused changes ask for a manager even after a good run. */
  feed (machine, EV (REQUEST), ACT (START_RUN));
  feed (machine, EV (RUN_OK), ACT (RESET_FAILURES) | ACT (RESET_BACKOFF));
  kasir_sync_machine_set_rejected (machine, 2);
  assert_state (machine, LINK (ONLINE), RUN (IDLE), STATUS (ATTENTION));
  kasir_sync_machine_set_rejected (machine, 0);
  assert_state (machine, LINK (ONLINE), RUN (IDLE), STATUS (ONLINE));
}

static void
test_auth_refused (void)
{
  g_autoptr(KasirSyncMachine) machine = online_machine ();

  feed (machine, EV (TICK), ACT (START_RUN));
  feed (machine, EV (RUN_AUTH), ACT (NONE));
  assert_state (machine, LINK (AUTH_REFUSED), RUN (IDLE), STATUS (ATTENTION));

  /* Timers, retries and heartbeats do not try again; without a network it is offline. */
  feed (machine, EV (TICK), ACT (NONE));
  feed (machine, EV (REQUEST), ACT (NONE));
  feed (machine, EV (HEALTH_OK), ACT (NONE));
  feed (machine, EV (HEARTBEAT_DUE), ACT (SEND_HEALTH));
  feed (machine, EV (NETWORK_DOWN), ACT (NONE));
  assert_state (machine, LINK (AUTH_REFUSED), RUN (IDLE), STATUS (OFFLINE));
  feed (machine, EV (HEARTBEAT_DUE), ACT (NONE));
  feed (machine, EV (NETWORK_UP), ACT (PROBE) | ACT (RESET_BACKOFF));
  assert_state (machine, LINK (AUTH_REFUSED), RUN (IDLE), STATUS (ATTENTION));

  /* A person asks: try again. */
  feed (machine, EV (SYNC_NOW), ACT (START_RUN) | ACT (RESET_BACKOFF));
  assert_state (machine, LINK (ONLINE), RUN (RUNNING), STATUS (SYNCING));
}

static void
test_token_missing (void)
{
  g_autoptr(KasirSyncMachine) machine = kasir_sync_machine_new (TRUE);

  feed (machine, EV (CONFIGURE), ACT (WATCH) | ACT (RESET_FAILURES));
  feed (machine, EV (TOKEN_MISSING), ACT (NONE));
  assert_state (machine, LINK (AUTH_REFUSED), RUN (IDLE), STATUS (ATTENTION));
  feed (machine, EV (HEALTH_OK), ACT (NONE));
  assert_state (machine, LINK (AUTH_REFUSED), RUN (IDLE), STATUS (ATTENTION));
}

static void
test_certificate_changed (void)
{
  g_autoptr(KasirSyncMachine) machine = online_machine ();

  feed (machine, EV (TICK), ACT (START_RUN));
  feed (machine, EV (RUN_CERT_CHANGED), ACT (NONE));
  assert_state (machine, LINK (CERT_CHANGED), RUN (IDLE), STATUS (ATTENTION));
  feed (machine, EV (SYNC_NOW), ACT (RESET_BACKOFF));
  feed (machine, EV (REQUEST), ACT (NONE));
  feed (machine, EV (HEALTH_FAILED), ACT (NONE));
  assert_state (machine, LINK (CERT_CHANGED), RUN (IDLE), STATUS (ATTENTION));

  /* A manager trusts the new certificate: sync at once. */
  feed (machine, EV (CERT_TRUSTED),
        ACT (START_RUN) | ACT (HEARTBEAT_NOW) | ACT (RESET_BACKOFF) | ACT (CLEAR_ERROR));
  assert_state (machine, LINK (ONLINE), RUN (RUNNING), STATUS (SYNCING));
  feed (machine, EV (RUN_OK), ACT (RESET_FAILURES) | ACT (RESET_BACKOFF));

  /* The heartbeat met it, then the pinned one came back. */
  feed (machine, EV (CERT_CHANGED), ACT (NONE));
  assert_state (machine, LINK (CERT_CHANGED), RUN (IDLE), STATUS (ATTENTION));
  feed (machine, EV (HEALTH_OK), ACT (START_RUN) | ACT (CLEAR_ERROR));
  assert_state (machine, LINK (ONLINE), RUN (RUNNING), STATUS (SYNCING));

  /* Trusting is only for a changed certificate. */
  feed (machine, EV (CERT_TRUSTED), ACT (NONE));
}

static void
test_revoked (void)
{
  g_autoptr(KasirSyncMachine) machine = online_machine ();

  feed (machine, EV (TICK), ACT (START_RUN));
  feed (machine, EV (RUN_REVOKED), ACT (STOP_RETRYING));
  assert_state (machine, LINK (REVOKED), RUN (IDLE), STATUS (ATTENTION));

  /* Nothing brings it back but a new enrollment. */
  feed (machine, EV (HEARTBEAT_DUE), ACT (NONE));
  feed (machine, EV (SYNC_NOW), ACT (RESET_BACKOFF));
  feed (machine, EV (NETWORK_DOWN), ACT (NONE));
  feed (machine, EV (NETWORK_UP), ACT (NONE));
  assert_state (machine, LINK (REVOKED), RUN (IDLE), STATUS (ATTENTION));
  feed (machine, EV (CONFIGURE), ACT (WATCH) | ACT (RESET_FAILURES));
  assert_state (machine, LINK (UNREACHABLE), RUN (IDLE), STATUS (UNREACHABLE));

  /* The heartbeat can be told too, while a run is on its way. */
  feed (machine, EV (HEALTH_OK), ACT (START_RUN) | ACT (RESET_BACKOFF));
  feed (machine, EV (REVOKED), ACT (STOP_RETRYING));
  assert_state (machine, LINK (REVOKED), RUN (RUNNING), STATUS (ATTENTION));
  feed (machine, EV (RUN_REVOKED), ACT (STOP_RETRYING));
  assert_state (machine, LINK (REVOKED), RUN (IDLE), STATUS (ATTENTION));
}

static void
test_cancelled_and_shutdown (void)
{
  g_autoptr(KasirSyncMachine) machine = online_machine ();

  feed (machine, EV (TICK), ACT (START_RUN));
  feed (machine, EV (TICK), ACT (NONE));
  feed (machine, EV (RUN_CANCELLED), ACT (NONE));
  assert_state (machine, LINK (ONLINE), RUN (IDLE), STATUS (ONLINE));

  feed (machine, EV (TICK), ACT (START_RUN));
  feed (machine, EV (SHUTDOWN), ACT (STOP_ALL));
  assert_state (machine, LINK (STOPPED), RUN (IDLE), STATUS (STANDALONE));

  /* Stopped: no event does anything any more, a second shutdown included. */
  for (KasirSyncEvent e = 0; e < KASIR_SYNC_N_EVENTS; e++)
    feed (machine, e, ACT (NONE));
  assert_state (machine, LINK (STOPPED), RUN (IDLE), STATUS (STANDALONE));
}

/* A run's end is only taken while a run goes: a stray one starts nothing. */
static void
test_run_end_needs_a_run (void)
{
  g_autoptr(KasirSyncMachine) machine = online_machine ();

  feed (machine, EV (RUN_OK), ACT (NONE));
  feed (machine, EV (RUN_TRANSPORT), ACT (NONE));
  feed (machine, EV (RUN_REVOKED), ACT (NONE));
  feed (machine, EV (PUSH_ACCEPTED), ACT (NONE));
  assert_state (machine, LINK (ONLINE), RUN (IDLE), STATUS (ONLINE));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/Sync/Machine/standalone", test_standalone);
  g_test_add_func ("/Kasir/Sync/Machine/configure-and-first-sync", test_configure_and_first_sync);
  g_test_add_func ("/Kasir/Sync/Machine/configure-offline", test_configure_offline);
  g_test_add_func ("/Kasir/Sync/Machine/network-comes-and-goes", test_network_comes_and_goes);
  g_test_add_func ("/Kasir/Sync/Machine/heartbeat-starts-work", test_heartbeat_starts_work);
  g_test_add_func ("/Kasir/Sync/Machine/failures-ask-for-attention", test_failures_ask_for_attention);
  g_test_add_func ("/Kasir/Sync/Machine/auth-refused", test_auth_refused);
  g_test_add_func ("/Kasir/Sync/Machine/token-missing", test_token_missing);
  g_test_add_func ("/Kasir/Sync/Machine/certificate-changed", test_certificate_changed);
  g_test_add_func ("/Kasir/Sync/Machine/revoked", test_revoked);
  g_test_add_func ("/Kasir/Sync/Machine/cancelled-and-shutdown", test_cancelled_and_shutdown);
  g_test_add_func ("/Kasir/Sync/Machine/run-end-needs-a-run", test_run_end_needs_a_run);

  return g_test_run ();
}
