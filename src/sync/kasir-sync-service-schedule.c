/* kasir-sync-service-schedule.c — when the service acts: events into the state machine, its actions
 * carried out, and the timers, heartbeat and network watch that make events.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "kasir-sync-service-private.h"

/* ---- Feeding the machine, carrying out its actions ---- */

static gboolean
on_retry_timeout (gpointer user_data)
{
  KasirSyncService *self = user_data;

  self->retry_id = 0;
  _kasir_sync_service_feed (self, KASIR_SYNC_EVENT_REQUEST);

  return G_SOURCE_REMOVE;
}

static void
schedule_retry (KasirSyncService *self)
{
  guint delay_ms;
  guint base;

  if (self->retry_id != 0)
    return;

  /* Exponential backoff with jitter: 1 s, 2 s, 4 s ... up to a minute, each drawn from
   * the upper half of its window so that many tills do not retry in step. */
  base = 1000u << MIN (self->retry_attempt, 6u);
  base = MIN (base, MAX_RETRY_MS);
  delay_ms = base / 2 + g_random_int_range (0, base / 2 + 1);
  self->retry_attempt++;

  self->retry_id = g_timeout_add (delay_ms, on_retry_timeout, self);
}

static gboolean
on_periodic (gpointer user_data)
{
  _kasir_sync_service_feed (user_data, KASIR_SYNC_EVENT_TICK);
  return G_SOURCE_CONTINUE;
}

void
_kasir_sync_service_restart_periodic (KasirSyncService *self)
{
  g_clear_handle_id (&self->periodic_id, g_source_remove);
  if (self->client != NULL && !_kasir_sync_service_is_stopped (self))
    self->periodic_id = g_timeout_add_seconds (self->sync_interval, on_periodic, self);
}

static void
on_can_reach (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KasirSyncService) self = user_data;
  g_autoptr(GError) error = NULL;

  /* The monitor's answer is only a hint about routes; the heartbeat asks the server. */
  if (!g_network_monitor_can_reach_finish (G_NETWORK_MONITOR (object), result, &error))
    g_debug ("Network monitor cannot reach the server: %s", error->message);

  self->heartbeat_current = self->heartbeat_interval;
  _kasir_sync_service_schedule_heartbeat (self, 0);
}

static void
probe (KasirSyncService *self)
{
  g_autoptr(GSocketConnectable) connectable = NULL;

  if (self->client == NULL)
    return;

  connectable = g_network_address_parse_uri (kasir_sync_client_get_base_url (self->client),
                                             80, NULL);
  if (connectable != NULL)
    g_network_monitor_can_reach_async (self->monitor, connectable, self->cancellable,
                                       on_can_reach, g_object_ref (self));
  else
    _kasir_sync_service_schedule_heartbeat (self, 0);
}

static void send_health (KasirSyncService *self);

/* The service's one way to change state: the machine decides, this carries it out. */
void
_kasir_sync_service_feed (KasirSyncService *self,
      KasirSyncEvent    event)
{
  KasirSyncLink before = kasir_sync_machine_get_link (self->machine);
  gboolean was_idle = kasir_sync_machine_get_run (self->machine) == KASIR_SYNC_RUN_IDLE;
  KasirSyncAction actions = kasir_sync_machine_handle (self->machine, event);
  KasirSyncLink after = kasir_sync_machine_get_link (self->machine);

  if (before == KASIR_SYNC_LINK_STOPPED || after == KASIR_SYNC_LINK_STOPPED)
    return;

  if (actions & KASIR_SYNC_ACTION_CLEAR_ERROR)
    _kasir_sync_service_set_last_error (self, NULL);
  if (actions & KASIR_SYNC_ACTION_RESET_BACKOFF)
    self->retry_attempt = 0;
  if (actions & KASIR_SYNC_ACTION_STOP_RETRYING)
    {
      g_clear_handle_id (&self->retry_id, g_source_remove);
      g_clear_handle_id (&self->periodic_id, g_source_remove);
    }
  if (actions & KASIR_SYNC_ACTION_WATCH)
    {
      _kasir_sync_service_refresh_counts (self);
      _kasir_sync_service_restart_periodic (self);
    }
  if (actions & (KASIR_SYNC_ACTION_WATCH | KASIR_SYNC_ACTION_HEARTBEAT_NOW))
    {
      self->heartbeat_current = self->heartbeat_interval;
      _kasir_sync_service_schedule_heartbeat (self, 0);
    }
  if (actions & KASIR_SYNC_ACTION_PROBE)
    probe (self);
  if (actions & KASIR_SYNC_ACTION_SEND_HEALTH)
    send_health (self);
  if (actions & KASIR_SYNC_ACTION_SCHEDULE_RETRY)
    schedule_retry (self);
  if (actions & KASIR_SYNC_ACTION_START_RUN)
    _kasir_sync_service_start_run (self);

  if ((before == KASIR_SYNC_LINK_CERT_CHANGED) != (after == KASIR_SYNC_LINK_CERT_CHANGED))
    _kasir_sync_service_notify (self, PROP_CERTIFICATE_CHANGED);
  if ((before == KASIR_SYNC_LINK_REVOKED) != (after == KASIR_SYNC_LINK_REVOKED))
    _kasir_sync_service_notify (self, PROP_REVOKED);
  _kasir_sync_service_update_state (self);
  if (was_idle != (kasir_sync_machine_get_run (self->machine) == KASIR_SYNC_RUN_IDLE))
    _kasir_sync_service_notify (self, PROP_IDLE);

  if (actions & KASIR_SYNC_ACTION_AGAIN)
    _kasir_sync_service_feed (self, KASIR_SYNC_EVENT_REQUEST);
}

/* ---- Heartbeat, network, timers ---- */

static gboolean on_heartbeat_tick (gpointer user_data);

/* The next question to a server that did not answer: soon, but not all tills at once.
 * Backing off further would save little (one small request) and cost minutes of a till
 * showing "unreachable" after the server is back. */
static void
schedule_offline_probe (KasirSyncService *self)
{
  guint cap = MIN (MAX_OFFLINE_PROBE_MS, self->heartbeat_interval * 1000u);
  guint delay_ms = cap / 2 + g_random_int_range (0, cap / 2 + 1);

  g_clear_handle_id (&self->heartbeat_id, g_source_remove);
  if (_kasir_sync_service_is_stopped (self) || self->client == NULL)
    return;
  self->heartbeat_id = g_timeout_add (delay_ms, on_heartbeat_tick, self);
}

static void
on_health (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KasirSyncService) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirHealth) health = NULL;

  health = kasir_sync_client_health_finish (KASIR_SYNC_CLIENT (object), result, &error);
  self->heartbeat_running = FALSE;

  if (_kasir_sync_service_is_stopped (self) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (health != NULL)
    {
      self->heartbeat_current = self->heartbeat_interval;
      kasir_sync_machine_set_work_waiting (self->machine,
                                           self->pending_count > 0 || self->last_sync_time == NULL);
      _kasir_sync_service_feed (self, KASIR_SYNC_EVENT_HEALTH_OK);
    }
  else
    {
      g_debug ("Heartbeat failed: %s", error->message);
      _kasir_sync_service_set_last_error (self, error->message);
      if (g_error_matches (error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_CERTIFICATE_CHANGED))
        {
          g_free (self->offered_fingerprint);
          self->offered_fingerprint = g_strdup (kasir_sync_client_get_peer_fingerprint (self->client));
          _kasir_sync_service_feed (self, KASIR_SYNC_EVENT_CERT_CHANGED);
        }
      else if (g_error_matches (error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_REVOKED))
        _kasir_sync_service_feed (self, KASIR_SYNC_EVENT_REVOKED);
      else
        _kasir_sync_service_feed (self, KASIR_SYNC_EVENT_HEALTH_FAILED);
      schedule_offline_probe (self);
      return;
    }

  _kasir_sync_service_schedule_heartbeat (self, self->heartbeat_current);
}

static void
send_health (KasirSyncService *self)
{
  if (self->heartbeat_running || self->client == NULL)
    return;

  self->heartbeat_running = TRUE;
  kasir_sync_client_health_async (self->client, self->cancellable, on_health,
                                  g_object_ref (self));
}

static gboolean
on_heartbeat_tick (gpointer user_data)
{
  KasirSyncService *self = user_data;

  self->heartbeat_id = 0;
  /* Without a network (or revoked) nothing is asked; network-changed wakes it. */
  _kasir_sync_service_feed (self, KASIR_SYNC_EVENT_HEARTBEAT_DUE);

  return G_SOURCE_REMOVE;
}

void
_kasir_sync_service_schedule_heartbeat (KasirSyncService *self,
                    guint             seconds)
{
  g_clear_handle_id (&self->heartbeat_id, g_source_remove);
  if (_kasir_sync_service_is_stopped (self) || self->client == NULL)
    return;

  if (seconds == 0)
    self->heartbeat_id = g_idle_add (on_heartbeat_tick, self);
  else
    self->heartbeat_id = g_timeout_add_seconds (seconds, on_heartbeat_tick, self);
}

void
_kasir_sync_service_on_network_changed (GNetworkMonitor *monitor,
                    gboolean         available,
                    gpointer         user_data)
{
  KasirSyncService *self = user_data;
  gboolean now_available = g_network_monitor_get_network_available (monitor);

  if (now_available == kasir_sync_machine_get_network (self->machine))
    return;

  g_debug ("Network %s", now_available ? "available" : "gone");
  _kasir_sync_service_feed (self, now_available ? KASIR_SYNC_EVENT_NETWORK_UP : KASIR_SYNC_EVENT_NETWORK_DOWN);
}

static gboolean
on_debounced (gpointer user_data)
{
  KasirSyncService *self = user_data;

  self->debounce_id = 0;
  _kasir_sync_service_feed (self, KASIR_SYNC_EVENT_TICK);

  return G_SOURCE_REMOVE;
}

void
_kasir_sync_service_outbox_debounce (KasirSyncService *self)
{
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  self->debounce_id = g_timeout_add (DEBOUNCE_MS, on_debounced, self);
}
