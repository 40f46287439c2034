/* kasir-sync-machine.c — see the header.
 *
 * The whole behaviour is the table below. A row matches when the link is one of its
 * links, the run one of its runs, the event its event and its guard holds; the first
 * matching row wins, so the specific rows come before the general ones. An event no row
 * matches changes nothing.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-sync-machine.h"

struct _KasirSyncMachine
{
  KasirSyncLink      link;
  KasirSyncRunState  run;
  gboolean           network;
  gboolean           work_waiting;
  guint              failures;
  gint64             rejected;
};

typedef enum
{
  GUARD_NONE,
  GUARD_NETWORK,     /* the network is there */
  GUARD_NO_NETWORK,
  GUARD_WORK,        /* changes wait to be sent, or nothing was synced yet */
} Guard;

typedef struct
{
  guint           links;   /* a mask of KasirSyncLink */
  guint           runs;    /* a mask of KasirSyncRunState */
  KasirSyncEvent  event;
  Guard           guard;
  int             to_link; /* a KasirSyncLink, or SAME */
  int             to_run;  /* a KasirSyncRunState, or SAME */
  guint           actions;
} Row;

#define SAME -1

#define L(x)        (1u << KASIR_SYNC_LINK_##x)
#define R(x)        (1u << KASIR_SYNC_RUN_##x)
#define ANY_LINK    ((1u << KASIR_SYNC_N_LINKS) - 1)
#define ANY_RUN     ((1u << KASIR_SYNC_N_RUNS) - 1)
#define LIVE        (ANY_LINK & ~L (STOPPED))
#define BUSY        (R (RUNNING) | R (AGAIN))
#define IN_TOUCH    (L (UNREACHABLE) | L (ONLINE))
#define PLAIN       (L (OFFLINE) | L (UNREACHABLE) | L (ONLINE))
#define HELD        (L (AUTH_REFUSED) | L (CERT_CHANGED))
#define CONFIGURED  (PLAIN | HELD)

#define E(x)        KASIR_SYNC_EVENT_##x
#define TO(x)       KASIR_SYNC_LINK_##x
#define RUN(x)      KASIR_SYNC_RUN_##x

#define START       KASIR_SYNC_ACTION_START_RUN
#define HEALTH      KASIR_SYNC_ACTION_SEND_HEALTH
#define BEAT        KASIR_SYNC_ACTION_HEARTBEAT_NOW
#define PROBE       KASIR_SYNC_ACTION_PROBE
#define WATCH       KASIR_SYNC_ACTION_WATCH
#define RETRY       KASIR_SYNC_ACTION_SCHEDULE_RETRY
#define BACKOFF0    KASIR_SYNC_ACTION_RESET_BACKOFF
#define NO_RETRY    KASIR_SYNC_ACTION_STOP_RETRYING
#define CLEAR       KASIR_SYNC_ACTION_CLEAR_ERROR
#define STOP        KASIR_SYNC_ACTION_STOP_ALL
#define OK0         KASIR_SYNC_ACTION_RESET_FAILURES
#define FAIL        KASIR_SYNC_ACTION_COUNT_FAILURE
#define ALERT       KASIR_SYNC_ACTION_ALERT_FAILURE
#define AGAIN       KASIR_SYNC_ACTION_AGAIN

static const Row table[] = {
  /* links                  runs      event               guard             → link             run            actions */

  /* Shut down: nothing more happens. */
  { L (STOPPED),            ANY_RUN,  E (SHUTDOWN),       GUARD_NONE,       SAME,              SAME,          0 },
  { ANY_LINK,               ANY_RUN,  E (SHUTDOWN),       GUARD_NONE,       TO (STOPPED),      RUN (IDLE),    STOP },

  /* A server is given (enrolled, loaded): watch it, as the network allows. */
  { LIVE,                   ANY_RUN,  E (CONFIGURE),      GUARD_NETWORK,    TO (UNREACHABLE),  SAME,          WATCH | OK0 },
  { LIVE,                   ANY_RUN,  E (CONFIGURE),      GUARD_NO_NETWORK, TO (OFFLINE),      SAME,          WATCH | OK0 },
  { L (STANDALONE),         ANY_RUN,  E (URL_REFUSED),    GUARD_NONE,       TO (URL_REFUSED),  SAME,          0 },
  { CONFIGURED,             ANY_RUN,  E (TOKEN_MISSING),  GUARD_NONE,       TO (AUTH_REFUSED), SAME,          0 },

  /* The network comes and goes. */
  { L (OFFLINE),            ANY_RUN,  E (NETWORK_UP),     GUARD_NONE,       TO (UNREACHABLE),  SAME,          PROBE | BACKOFF0 },
  { HELD,                   ANY_RUN,  E (NETWORK_UP),     GUARD_NONE,       SAME,              SAME,          PROBE | BACKOFF0 },
  { IN_TOUCH,               ANY_RUN,  E (NETWORK_DOWN),   GUARD_NONE,       TO (OFFLINE),      SAME,          0 },

  /* The heartbeat: asked with a network only; an answer means the server is there. */
  { IN_TOUCH,               ANY_RUN,  E (HEARTBEAT_DUE),  GUARD_NONE,       SAME,              SAME,          HEALTH },
  { HELD,                   ANY_RUN,  E (HEARTBEAT_DUE),  GUARD_NETWORK,    SAME,              SAME,          HEALTH },
  { L (UNREACHABLE),        R (IDLE), E (HEALTH_OK),      GUARD_NONE,       TO (ONLINE),       RUN (RUNNING), START | BACKOFF0 },
  { L (UNREACHABLE),        BUSY,     E (HEALTH_OK),      GUARD_NONE,       TO (ONLINE),       RUN (AGAIN),   BACKOFF0 },
  { L (ONLINE),             R (IDLE), E (HEALTH_OK),      GUARD_WORK,       SAME,              RUN (RUNNING), START },
  { L (ONLINE),             BUSY,     E (HEALTH_OK),      GUARD_WORK,       SAME,              RUN (AGAIN),   0 },
  { L (CERT_CHANGED),       R (IDLE), E (HEALTH_OK),      GUARD_NETWORK,    TO (ONLINE),       RUN (RUNNING), START | CLEAR },
  { L (CERT_CHANGED),       BUSY,     E (HEALTH_OK),      GUARD_NETWORK,    TO (ONLINE),       RUN (AGAIN),   CLEAR },
  { IN_TOUCH,               ANY_RUN,  E (HEALTH_FAILED),  GUARD_NONE,       TO (UNREACHABLE),  SAME,          0 },
  { CONFIGURED,             ANY_RUN,  E (CERT_CHANGED),   GUARD_NONE,       TO (CERT_CHANGED), SAME,          0 },
  { CONFIGURED,             ANY_RUN,  E (REVOKED),        GUARD_NONE,       TO (REVOKED),      SAME,          NO_RETRY },

  /* A manager trusted the new certificate: the server was there, sync at once. */
  { L (CERT_CHANGED),       R (IDLE), E (CERT_TRUSTED),   GUARD_NETWORK,    TO (ONLINE),       RUN (RUNNING), START | BEAT | BACKOFF0 | CLEAR },
  { L (CERT_CHANGED),       BUSY,     E (CERT_TRUSTED),   GUARD_NETWORK,    TO (ONLINE),       RUN (AGAIN),   BEAT | BACKOFF0 | CLEAR },
  { L (CERT_CHANGED),       ANY_RUN,  E (CERT_TRUSTED),   GUARD_NO_NETWORK, TO (OFFLINE),      SAME,          BACKOFF0 | CLEAR },

  /* Reasons to sync: timers while in touch, retries and more work with a network, and a
   * person's "sync now", which also asks again after a refusal. */
  { L (ONLINE),             R (IDLE), E (TICK),           GUARD_NONE,       SAME,              RUN (RUNNING), START },
  { L (ONLINE),             BUSY,     E (TICK),           GUARD_NONE,       SAME,              RUN (AGAIN),   0 },
  { IN_TOUCH,               R (IDLE), E (REQUEST),        GUARD_NONE,       SAME,              RUN (RUNNING), START },
  { IN_TOUCH,               BUSY,     E (REQUEST),        GUARD_NONE,       SAME,              RUN (AGAIN),   0 },
  { IN_TOUCH,               R (IDLE), E (SYNC_NOW),       GUARD_NONE,       SAME,              RUN (RUNNING), START | BACKOFF0 },
  { IN_TOUCH,               BUSY,     E (SYNC_NOW),       GUARD_NONE,       SAME,              RUN (AGAIN),   BACKOFF0 },
  { L (AUTH_REFUSED),       R (IDLE), E (SYNC_NOW),       GUARD_NETWORK,    TO (ONLINE),       RUN (RUNNING), START | BACKOFF0 },
  { L (AUTH_REFUSED),       BUSY,     E (SYNC_NOW),       GUARD_NETWORK,    TO (ONLINE),       RUN (AGAIN),   BACKOFF0 },
  { L (AUTH_REFUSED),       ANY_RUN,  E (SYNC_NOW),       GUARD_NO_NETWORK, TO (OFFLINE),      SAME,          BACKOFF0 },
  { LIVE,                   ANY_RUN,  E (SYNC_NOW),       GUARD_NONE,       SAME,              SAME,          BACKOFF0 },

  /* During a run: any answer shows the server is there; an accepted push is progress. */
  { L (UNREACHABLE),        BUSY,     E (SERVER_ANSWERED), GUARD_NONE,      TO (ONLINE),       SAME,          0 },
  { L (UNREACHABLE),        BUSY,     E (PUSH_ACCEPTED),  GUARD_NONE,       TO (ONLINE),       SAME,          OK0 },
  { ANY_LINK,               BUSY,     E (PUSH_ACCEPTED),  GUARD_NONE,       SAME,              SAME,          OK0 },

  /* A run ends. */
  { IN_TOUCH,               R (AGAIN), E (RUN_OK),        GUARD_NONE,       TO (ONLINE),       RUN (IDLE),    AGAIN | OK0 | BACKOFF0 },
  { ANY_LINK,               R (AGAIN), E (RUN_OK),        GUARD_NONE,       SAME,              RUN (IDLE),    AGAIN | OK0 | BACKOFF0 },
  { IN_TOUCH,               BUSY,     E (RUN_OK),         GUARD_NONE,       TO (ONLINE),       RUN (IDLE),    OK0 | BACKOFF0 },
  { ANY_LINK,               BUSY,     E (RUN_OK),         GUARD_NONE,       SAME,              RUN (IDLE),    OK0 | BACKOFF0 },
  { ANY_LINK,               BUSY,     E (RUN_CANCELLED),  GUARD_NONE,       SAME,              RUN (IDLE),    0 },
  { IN_TOUCH,               BUSY,     E (RUN_TRANSPORT),  GUARD_NONE,       TO (UNREACHABLE),  RUN (IDLE),    FAIL | RETRY },
  { ANY_LINK,               BUSY,     E (RUN_TRANSPORT),  GUARD_NONE,       SAME,              RUN (IDLE),    FAIL | RETRY },
  { ANY_LINK,               BUSY,     E (RUN_TRANSIENT),  GUARD_NONE,       SAME,              RUN (IDLE),    FAIL | RETRY },
  { ANY_LINK,               BUSY,     E (RUN_BAD_ANSWER), GUARD_NONE,       SAME,              RUN (IDLE),    ALERT | RETRY },
  { ANY_LINK,               BUSY,     E (RUN_FAILED),     GUARD_NONE,       SAME,              RUN (IDLE),    FAIL },
  { ANY_LINK,               BUSY,     E (RUN_HOLE),       GUARD_NONE,       SAME,              RUN (IDLE),    ALERT },
  { PLAIN,                  BUSY,     E (RUN_AUTH),       GUARD_NONE,       TO (AUTH_REFUSED), RUN (IDLE),    0 },
  { ANY_LINK,               BUSY,     E (RUN_AUTH),       GUARD_NONE,       SAME,              RUN (IDLE),    0 },
  { PLAIN | L (AUTH_REFUSED), BUSY,   E (RUN_CERT_CHANGED), GUARD_NONE,     TO (CERT_CHANGED), RUN (IDLE),    0 },
  { ANY_LINK,               BUSY,     E (RUN_CERT_CHANGED), GUARD_NONE,     SAME,              RUN (IDLE),    0 },
  { CONFIGURED,             BUSY,     E (RUN_REVOKED),    GUARD_NONE,       TO (REVOKED),      RUN (IDLE),    NO_RETRY },
  { ANY_LINK,               BUSY,     E (RUN_REVOKED),    GUARD_NONE,       SAME,              RUN (IDLE),    NO_RETRY },
};

static gboolean
guard_holds (KasirSyncMachine *self,
             Guard             guard)
{
  switch (guard)
    {
    case GUARD_NONE:
      return TRUE;
    case GUARD_NETWORK:
      return self->network;
    case GUARD_NO_NETWORK:
      return !self->network;
    case GUARD_WORK:
      return self->work_waiting;
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

KasirSyncMachine *
kasir_sync_machine_new (gboolean network_available)
{
  KasirSyncMachine *self = g_new0 (KasirSyncMachine, 1);

  self->link = KASIR_SYNC_LINK_STANDALONE;
  self->run = KASIR_SYNC_RUN_IDLE;
  self->network = network_available;
  self->work_waiting = TRUE;

  return self;
}

void
kasir_sync_machine_free (KasirSyncMachine *self)
{
  g_free (self);
}

KasirSyncAction
kasir_sync_machine_handle (KasirSyncMachine *self,
                           KasirSyncEvent    event)
{
  g_return_val_if_fail (self != NULL, KASIR_SYNC_ACTION_NONE);
  g_return_val_if_fail (event < KASIR_SYNC_N_EVENTS, KASIR_SYNC_ACTION_NONE);

  /* The network's own events are facts first, whatever the state makes of them. */
  if (self->link != KASIR_SYNC_LINK_STOPPED)
    {
      if (event == KASIR_SYNC_EVENT_NETWORK_UP)
        self->network = TRUE;
      else if (event == KASIR_SYNC_EVENT_NETWORK_DOWN)
        self->network = FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      const Row *row = &table[i];

      if ((row->links & (1u << self->link)) == 0 || (row->runs & (1u << self->run)) == 0 ||
          row->event != event || !guard_holds (self, row->guard))
        continue;

      g_debug ("Sync machine: %s/%s + %s → %s/%s",
               kasir_sync_link_to_string (self->link), kasir_sync_run_state_to_string (self->run),
               kasir_sync_event_to_string (event),
               kasir_sync_link_to_string (row->to_link == SAME ? self->link : (KasirSyncLink)row->to_link),
               kasir_sync_run_state_to_string (row->to_run == SAME ? self->run
                                                                   : (KasirSyncRunState)row->to_run));
      if (row->to_link != SAME)
        self->link = row->to_link;
      if (row->to_run != SAME)
        self->run = row->to_run;

      if (row->actions & KASIR_SYNC_ACTION_RESET_FAILURES)
        self->failures = 0;
      if (row->actions & KASIR_SYNC_ACTION_COUNT_FAILURE)
        self->failures++;
      if (row->actions & KASIR_SYNC_ACTION_ALERT_FAILURE)
        self->failures = MAX (self->failures + 1, KASIR_SYNC_FAILURES_FOR_ATTENTION);

      return row->actions;
    }

  return KASIR_SYNC_ACTION_NONE;
}

KasirSyncLink
kasir_sync_machine_get_link (KasirSyncMachine *self)
{
  return self->link;
}

KasirSyncRunState
kasir_sync_machine_get_run (KasirSyncMachine *self)
{
  return self->run;
}

gboolean
kasir_sync_machine_get_network (KasirSyncMachine *self)
{
  return self->network;
}

guint
kasir_sync_machine_get_failures (KasirSyncMachine *self)
{
  return self->failures;
}

void
kasir_sync_machine_set_work_waiting (KasirSyncMachine *self,
                                     gboolean          waiting)
{
  self->work_waiting = waiting;
}

void
kasir_sync_machine_set_rejected (KasirSyncMachine *self,
                                 gint64            rejected)
{
  self->rejected = rejected;
}

KasirSyncStatus
kasir_sync_machine_get_status (KasirSyncMachine *self)
{
  switch (self->link)
    {
    case KASIR_SYNC_LINK_STANDALONE:
    case KASIR_SYNC_LINK_STOPPED:
      return KASIR_SYNC_STATUS_STANDALONE;
    case KASIR_SYNC_LINK_URL_REFUSED:
    case KASIR_SYNC_LINK_REVOKED:
      return KASIR_SYNC_STATUS_ATTENTION;
    case KASIR_SYNC_LINK_OFFLINE:
      return KASIR_SYNC_STATUS_OFFLINE;
    case KASIR_SYNC_LINK_AUTH_REFUSED:
    case KASIR_SYNC_LINK_CERT_CHANGED:
      /* Without a network the till is simply offline; the refusal shows when it is back. */
      return self->network ? KASIR_SYNC_STATUS_ATTENTION : KASIR_SYNC_STATUS_OFFLINE;
    case KASIR_SYNC_LINK_UNREACHABLE:
      return KASIR_SYNC_STATUS_UNREACHABLE;
    case KASIR_SYNC_LINK_ONLINE:
      if (self->run != KASIR_SYNC_RUN_IDLE)
        return KASIR_SYNC_STATUS_SYNCING;
      if (self->rejected > 0 || self->failures >= KASIR_SYNC_FAILURES_FOR_ATTENTION)
        return KASIR_SYNC_STATUS_ATTENTION;
      return KASIR_SYNC_STATUS_ONLINE;
    case KASIR_SYNC_N_LINKS:
    default:
      g_assert_not_reached ();
    }
  return KASIR_SYNC_STATUS_STANDALONE;
}

const char *
kasir_sync_link_to_string (KasirSyncLink link)
{
  static const char * const names[] = {
    "standalone", "url-refused", "offline", "unreachable", "online", "auth-refused",
    "cert-changed", "revoked", "stopped",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == KASIR_SYNC_N_LINKS);
  g_return_val_if_fail (link < KASIR_SYNC_N_LINKS, "?");
  return names[link];
}

const char *
kasir_sync_run_state_to_string (KasirSyncRunState run)
{
  static const char * const names[] = { "idle", "running", "again" };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == KASIR_SYNC_N_RUNS);
  g_return_val_if_fail (run < KASIR_SYNC_N_RUNS, "?");
  return names[run];
}

const char *
kasir_sync_event_to_string (KasirSyncEvent event)
{
  static const char * const names[] = {
    "configure", "url-refused", "token-missing", "network-up", "network-down",
    "heartbeat-due", "health-ok", "health-failed", "cert-changed", "cert-trusted",
    "revoked", "tick", "request", "sync-now", "server-answered", "push-accepted", "run-ok",
    "run-cancelled", "run-transport", "run-transient", "run-bad-answer", "run-failed",
    "run-hole", "run-auth", "run-cert-changed", "run-revoked", "shutdown",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == KASIR_SYNC_N_EVENTS);
  g_return_val_if_fail (event < KASIR_SYNC_N_EVENTS, "?");
  return names[event];
}
