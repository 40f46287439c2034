/* kasir-sync-machine.h — when the till talks to its server: the connectivity and
 * scheduling state machine of the sync service.
 *
 * The machine is a pair of states: the link (how things stand with the server) and the
 * run (whether a sync is going on, and whether another one is wanted after it). Every
 * transition is one row of the table in kasir-sync-machine.c: state × event (× a guard on
 * what the machine knows) → state + actions. The machine does no I/O and keeps no timers;
 * the service feeds it events and carries out the actions it answers, so it can be tested
 * on its own (test-sync-machine).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kasir-sync-service.h"

G_BEGIN_DECLS

typedef enum
{
  KASIR_SYNC_LINK_STANDALONE,   /* no server configured */
  KASIR_SYNC_LINK_URL_REFUSED,  /* the stored server address is not allowed */
  KASIR_SYNC_LINK_OFFLINE,      /* configured, no network */
  KASIR_SYNC_LINK_UNREACHABLE,  /* network, but the server has not answered */
  KASIR_SYNC_LINK_ONLINE,       /* the server answered */
  KASIR_SYNC_LINK_AUTH_REFUSED, /* the server refused the token: a person must look */
  KASIR_SYNC_LINK_CERT_CHANGED, /* another certificate than the pinned one */
  KASIR_SYNC_LINK_REVOKED,      /* the server revoked this till */
  KASIR_SYNC_LINK_STOPPED,      /* shut down: nothing more happens */
  KASIR_SYNC_N_LINKS
} KasirSyncLink;

typedef enum
{
  KASIR_SYNC_RUN_IDLE,
  KASIR_SYNC_RUN_RUNNING,
  KASIR_SYNC_RUN_AGAIN,         /* running, and another run is wanted when it ends */
  KASIR_SYNC_N_RUNS
} KasirSyncRunState;

typedef enum
{
  KASIR_SYNC_EVENT_CONFIGURE,          /* a server and a token were given */
  KASIR_SYNC_EVENT_URL_REFUSED,        /* the stored address cannot be used */
  KASIR_SYNC_EVENT_TOKEN_MISSING,      /* enrolled, but the keyring lost the token */
  KASIR_SYNC_EVENT_NETWORK_UP,
  KASIR_SYNC_EVENT_NETWORK_DOWN,
  KASIR_SYNC_EVENT_HEARTBEAT_DUE,      /* the heartbeat timer fired */
  KASIR_SYNC_EVENT_HEALTH_OK,          /* the server answered the heartbeat */
  KASIR_SYNC_EVENT_HEALTH_FAILED,
  KASIR_SYNC_EVENT_CERT_CHANGED,       /* the heartbeat met another certificate */
  KASIR_SYNC_EVENT_CERT_TRUSTED,       /* a manager trusted the new certificate */
  KASIR_SYNC_EVENT_REVOKED,            /* the heartbeat was told the till is revoked */
  KASIR_SYNC_EVENT_TICK,               /* periodic or debounced: sync if in touch */
  KASIR_SYNC_EVENT_REQUEST,            /* a retry or more work: sync if there is a network */
  KASIR_SYNC_EVENT_SYNC_NOW,           /* a person asked; clears an auth refusal */
  KASIR_SYNC_EVENT_SERVER_ANSWERED,    /* a push or pull answer arrived during a run */
  KASIR_SYNC_EVENT_PUSH_ACCEPTED,      /* a push batch was answered and written */
  KASIR_SYNC_EVENT_RUN_OK,
  KASIR_SYNC_EVENT_RUN_CANCELLED,
  KASIR_SYNC_EVENT_RUN_TRANSPORT,      /* the run ended: the server did not answer */
  KASIR_SYNC_EVENT_RUN_TRANSIENT,      /* the run ended on an error a retry may cure */
  KASIR_SYNC_EVENT_RUN_BAD_ANSWER,     /* the server answered nonsense: retry, and say so */
  KASIR_SYNC_EVENT_RUN_FAILED,         /* the run ended on an error a retry will not cure */
  KASIR_SYNC_EVENT_RUN_HOLE,           /* the server lacks changes this till dropped */
  KASIR_SYNC_EVENT_RUN_AUTH,           /* the run was refused (401/403) */
  KASIR_SYNC_EVENT_RUN_CERT_CHANGED,
  KASIR_SYNC_EVENT_RUN_REVOKED,
  KASIR_SYNC_EVENT_SHUTDOWN,
  KASIR_SYNC_N_EVENTS
} KasirSyncEvent;

/* What the service must do after an event; several may be set. The machine applies the
 * counter changes of a row itself (failures reset, counted, or raised to attention). */
typedef enum
{
  KASIR_SYNC_ACTION_NONE           = 0,
  KASIR_SYNC_ACTION_START_RUN      = 1 << 0, /* begin a sync run (the retry timer goes) */
  KASIR_SYNC_ACTION_SEND_HEALTH    = 1 << 1, /* the heartbeat is due: ask the server */
  KASIR_SYNC_ACTION_HEARTBEAT_NOW  = 1 << 12, /* restart the heartbeat, first beat now */
  KASIR_SYNC_ACTION_AGAIN          = 1 << 13, /* once the end is reported: REQUEST */
  KASIR_SYNC_ACTION_PROBE          = 1 << 2, /* the network is back: check the route, then
                                              * the heartbeat, from its first interval */
  KASIR_SYNC_ACTION_WATCH          = 1 << 3, /* (re)start the periodic timer, the heartbeat
                                              * now, and count the outbox */
  KASIR_SYNC_ACTION_SCHEDULE_RETRY = 1 << 4, /* retry with backoff */
  KASIR_SYNC_ACTION_RESET_BACKOFF  = 1 << 5, /* the next retry waits the shortest time */
  KASIR_SYNC_ACTION_STOP_RETRYING  = 1 << 6, /* no retry, no periodic sync */
  KASIR_SYNC_ACTION_CLEAR_ERROR    = 1 << 7, /* the last error no longer holds */
  KASIR_SYNC_ACTION_STOP_ALL       = 1 << 8, /* cancel everything, stop every timer */
  KASIR_SYNC_ACTION_RESET_FAILURES = 1 << 9,
  KASIR_SYNC_ACTION_COUNT_FAILURE  = 1 << 10,
  KASIR_SYNC_ACTION_ALERT_FAILURE  = 1 << 11, /* counts enough failures for attention */
} KasirSyncAction;

/* After this many failed runs in a row the till asks for attention. */
#define KASIR_SYNC_FAILURES_FOR_ATTENTION 5

typedef struct _KasirSyncMachine KasirSyncMachine;

KasirSyncMachine  *kasir_sync_machine_new              (gboolean           network_available);
void               kasir_sync_machine_free             (KasirSyncMachine  *self);

/* Feeds @event and answers the actions of the row it took (NONE when no row matches:
 * the event changes nothing in that state). */
KasirSyncAction    kasir_sync_machine_handle           (KasirSyncMachine  *self,
                                                        KasirSyncEvent     event);

KasirSyncLink      kasir_sync_machine_get_link         (KasirSyncMachine  *self);
KasirSyncRunState  kasir_sync_machine_get_run          (KasirSyncMachine  *self);
gboolean           kasir_sync_machine_get_network      (KasirSyncMachine  *self);
guint              kasir_sync_machine_get_failures     (KasirSyncMachine  *self);
/* The state people see, from the link, the run, the failures and the refused changes. */
KasirSyncStatus    kasir_sync_machine_get_status       (KasirSyncMachine  *self);

/* Facts the guards read. Work waits when changes are unsent or nothing was synced yet. */
void               kasir_sync_machine_set_work_waiting (KasirSyncMachine  *self,
                                                        gboolean           waiting);
void               kasir_sync_machine_set_rejected     (KasirSyncMachine  *self,
                                                        gint64             rejected);

const char        *kasir_sync_link_to_string           (KasirSyncLink      link);
const char        *kasir_sync_run_state_to_string      (KasirSyncRunState  run);
const char        *kasir_sync_event_to_string          (KasirSyncEvent     event);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirSyncMachine, kasir_sync_machine_free)

G_END_DECLS
