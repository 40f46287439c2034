/* kasir-server-guard.c — keeps a SoupServer's connections within bounds; see
 * kasir-server-guard.h.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include <sys/resource.h>
#include <sys/socket.h>

#include "kasir-server-guard.h"

struct _KasirServerGuard
{
  KasirServerLimits  limits;
  GHashTable        *sockets;      /* GSocket* (weak) → Connection* */
  GHashTable        *per_address;  /* peer address text → count */
  GHashTable        *deadlines;    /* SoupServerMessage* (weak) → GSource* */
  GPtrArray         *servers;      /* SoupServer** (weak pointers, owned boxes) */
  guint              n_admitted;   /* connections within the limits */
  guint              n_refusing;   /* connections over them, waiting for their 503 */
  gint64             last_report;  /* monotonic µs of the last "dropped" message */
  /* Read by the metrics route on a worker thread. */
  GMutex             counters_lock;
  guint64            n_dropped;
  guint64            drops[KASIR_SERVER_N_DROPS];
  guint64            n_refused;
  GSource           *sweeper;      /* sweeps even while no one connects */
};

typedef struct
{
  KasirServerGuard *guard;
  char             *address;
  gint64            dead_since;  /* monotonic µs the peer was first seen gone; 0: alive */
  GSource          *idle;        /* between two requests: when to give up waiting */
  GSocket          *socket;      /* not owned */
  gboolean          refused;     /* over the limits: its request is answered 503 */
} Connection;

static void
connection_stop_idle (Connection *conn)
{
  if (conn->idle != NULL)
    {
      g_source_destroy (conn->idle);
      g_clear_pointer (&conn->idle, g_source_unref);
    }
}

typedef struct
{
  KasirServerGuard  *guard;
  SoupServerMessage *msg;
  KasirServerDrop    why;
  gboolean           again;  /* on expiry, start over once instead */
} Deadline;

static const char *const drop_reasons[KASIR_SERVER_N_DROPS] = {
  [KASIR_SERVER_DROP_IDLE] = "a kept-alive connection stayed idle",
  [KASIR_SERVER_DROP_REQUEST_TIMEOUT] = "a request did not arrive in time",
  [KASIR_SERVER_DROP_ANSWER_TIMEOUT] = "an answer was not taken in time",
  [KASIR_SERVER_DROP_FLOOD] = "over the connection limits, with no room left to refuse",
  [KASIR_SERVER_DROP_PEER_GONE] = "the peer went away",
};

const char *
kasir_server_drop_name (KasirServerDrop why)
{
  static const char *const names[KASIR_SERVER_N_DROPS] = {
    "idle", "request_timeout", "answer_timeout", "flood", "peer_gone",
  };

  g_return_val_if_fail (why < KASIR_SERVER_N_DROPS, NULL);
  return names[why];
}

/* A flood of connections must not become a flood of log lines: one a second. */
static void
report (KasirServerGuard *guard,
        const char       *what,
        const char       *why,
        guint64           count)
{
  gint64 now = g_get_monotonic_time ();

  if (now - guard->last_report < G_USEC_PER_SEC)
    return;
  guard->last_report = now;
  g_message ("%s (%s); %" G_GUINT64_FORMAT " since the start", what, why, count);
}

static void
count_drop (KasirServerGuard *guard,
            KasirServerDrop   why)
{
  g_mutex_lock (&guard->counters_lock);
  guard->drops[why]++;
  if (why != KASIR_SERVER_DROP_PEER_GONE)
    guard->n_dropped++;
  g_mutex_unlock (&guard->counters_lock);
}

/* Ends a connection by closing its socket. A shutdown alone is not enough: libsoup 3.2,
 * waiting for the next request on a kept-alive connection, reads the end-of-file but
 * leaves the descriptor open, and a client that sends its next request on it waits for
 * ever. Once closed, the kernel answers the peer with a reset and libsoup's next read
 * fails, which ends the message and frees the connection. */
static void
drop (KasirServerGuard *guard,
      GSocket          *socket,
      KasirServerDrop   why)
{
  count_drop (guard, why);
  report (guard, "dropping a connection", drop_reasons[why], guard->n_dropped);
  g_socket_close (socket, NULL);
}

static void
connection_gone (gpointer  data,
                 GObject  *where_the_socket_was)
{
  Connection *conn = data;
  KasirServerGuard *guard = conn->guard;
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (guard->per_address, conn->address));

  connection_stop_idle (conn);
  g_hash_table_remove (guard->sockets, where_the_socket_was);
  if (conn->refused)
    guard->n_refusing--;
  else
    {
      guard->n_admitted--;
      if (count <= 1)
        g_hash_table_remove (guard->per_address, conn->address);
      else
        g_hash_table_replace (guard->per_address, g_strdup (conn->address), GUINT_TO_POINTER (count - 1));
    }
  g_free (conn->address);
  g_free (conn);
}

/* Read from the socket: libsoup's own accessor warns when the peer is already gone. */
static char *
peer_address (GSocket *socket)
{
  g_autoptr(GSocketAddress) remote = g_socket_get_remote_address (socket, NULL);

  if (G_IS_INET_SOCKET_ADDRESS (remote))
    return g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)));
  return g_strdup ("unknown");
}

/* TRUE when the peer has gone: the socket reports a hang-up or an error, or reading
 * would give end-of-file. Data waiting to be read is a live peer. */
static gboolean
peer_gone (GSocket *socket)
{
  GIOCondition cond = g_socket_condition_check (socket, G_IO_IN | G_IO_HUP | G_IO_ERR);
  char byte;

  if (cond & (G_IO_HUP | G_IO_ERR))
    return TRUE;
  if (!(cond & G_IO_IN))
    return FALSE;
  return recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

/* Forgets connections that are over. libsoup 3.2 keeps the socket object of a
 * connection the peer ended between two requests, and when a peer hangs up before its
 * response was written, it may stop watching the socket without closing it: the weak
 * reference alone would count such a connection for ever, and its descriptor would stay
 * open. A socket whose peer has gone is left to libsoup for a second; if it is still
 * open then, nobody is watching it, and the guard closes it. */
static void
sweep_closed (KasirServerGuard *guard)
{
  GHashTableIter iter;
  gpointer key, value;
  GPtrArray *closed = NULL;
  gint64 now = g_get_monotonic_time ();

  g_hash_table_iter_init (&iter, guard->sockets);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Connection *conn = value;
      gboolean over = g_socket_is_closed (key);

      if (!over && peer_gone (key))
        {
          if (conn->dead_since == 0)
            conn->dead_since = now;
          else if (now - conn->dead_since >= G_USEC_PER_SEC)
            {
              count_drop (guard, KASIR_SERVER_DROP_PEER_GONE);
              g_socket_close (key, NULL);
              over = TRUE;
            }
        }
      if (over)
        {
          if (closed == NULL)
            closed = g_ptr_array_new ();
          g_ptr_array_add (closed, key);
        }
    }
  for (guint i = 0; closed != NULL && i < closed->len; i++)
    {
      GSocket *socket = g_ptr_array_index (closed, i);
      Connection *conn = g_hash_table_lookup (guard->sockets, socket);

      g_object_weak_unref (G_OBJECT (socket), connection_gone, conn);
      connection_gone (conn, G_OBJECT (socket));
    }
  g_clear_pointer (&closed, g_ptr_array_unref);
}

static gboolean
sweep_cb (gpointer data)
{
  sweep_closed (data);
  return G_SOURCE_CONTINUE;
}

/* The first request of a connection: admits the connection, takes it in to refuse its
 * request with a 503 (a peer that sent a whole request is answered, never cut off), or,
 * when too many refusals wait already, drops it. */
static gboolean
admit (KasirServerGuard  *guard,
       SoupServerMessage *msg,
       GSocket           *socket)
{
  g_autofree char *address = peer_address (socket);
  const char *over = NULL;
  guint count;
  Connection *conn;

  sweep_closed (guard);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (guard->per_address, address));

  if (guard->n_admitted >= guard->limits.max_connections)
    over = "the server holds as many connections as it takes";
  else if (count >= guard->limits.max_per_address)
    over = "too many connections from one address";
  if (over != NULL && guard->n_refusing >= KASIR_SERVER_GUARD_MAX_REFUSING)
    {
      drop (guard, socket, KASIR_SERVER_DROP_FLOOD);
      return FALSE;
    }
  conn = g_new0 (Connection, 1);
  conn->guard = guard;
  conn->socket = socket;
  conn->address = g_steal_pointer (&address);
  conn->refused = over != NULL;
  if (conn->refused)
    {
      guard->n_refusing++;
      report (guard, "refusing a connection with 503", over, guard->n_refused + 1);
    }
  else
    {
      guard->n_admitted++;
      g_hash_table_replace (guard->per_address, g_strdup (conn->address), GUINT_TO_POINTER (count + 1));
    }
  g_hash_table_insert (guard->sockets, socket, conn);
  g_object_weak_ref (G_OBJECT (socket), connection_gone, conn);
  return TRUE;
}

static void deadline_message_gone (gpointer data, GObject *where_the_message_was);

static void
forget_deadline (KasirServerGuard  *guard,
                 SoupServerMessage *msg)
{
  GSource *source = g_hash_table_lookup (guard->deadlines, msg);

  if (source == NULL)
    return;
  g_object_weak_unref (G_OBJECT (msg), deadline_message_gone, guard);
  g_hash_table_remove (guard->deadlines, msg);
}

static void
deadline_message_gone (gpointer  data,
                       GObject  *where_the_message_was)
{
  KasirServerGuard *guard = data;

  /* Removing the entry destroys its source. */
  g_hash_table_remove (guard->deadlines, where_the_message_was);
}

static void set_deadline (KasirServerGuard *guard, SoupServerMessage *msg, guint seconds,
                          KasirServerDrop why, gboolean again);

static gboolean
deadline_passed (gpointer data)
{
  Deadline *deadline = data;
  KasirServerGuard *guard = deadline->guard;
  SoupServerMessage *msg = deadline->msg;
  GSocket *socket = soup_server_message_get_socket (msg);

  /* The handlers run on this thread, so the clock of an answer may have run while its
   * request was being handled: the answer gets a whole period from now. */
  if (deadline->again)
    {
      set_deadline (guard, msg, guard->limits.io_timeout, deadline->why, FALSE);
      return G_SOURCE_REMOVE;
    }

  g_object_weak_unref (G_OBJECT (msg), deadline_message_gone, guard);
  /* Removing the entry destroys this source; its data stays until this returns. */
  g_hash_table_remove (guard->deadlines, msg);
  if (socket != NULL)
    drop (guard, socket, deadline->why);
  return G_SOURCE_REMOVE;
}

/* Gives @msg @seconds for its next step, replacing the deadline it had. (A timeout on
 * the socket itself would do the same with less code, but libsoup 3.2 stops serving
 * other connections after a server socket times out.) */
static void
set_deadline (KasirServerGuard  *guard,
              SoupServerMessage *msg,
              guint              seconds,
              KasirServerDrop    why,
              gboolean           again)
{
  Deadline *deadline;
  GSource *source;

  forget_deadline (guard, msg);
  deadline = g_new0 (Deadline, 1);
  deadline->guard = guard;
  deadline->msg = msg;
  deadline->why = why;
  deadline->again = again;
  source = g_timeout_source_new_seconds (seconds);
  g_source_set_callback (source, deadline_passed, deadline, g_free);
  g_source_set_static_name (source, "[kasir] connection deadline");
  g_source_attach (source, g_main_context_get_thread_default ());
  g_hash_table_insert (guard->deadlines, msg, source);
  g_object_weak_ref (G_OBJECT (msg), deadline_message_gone, guard);
}

static void
on_request_started (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  KasirServerGuard *guard = user_data;
  GSocket *socket = soup_server_message_get_socket (msg);

  Connection *conn;

  if (socket == NULL)
    return;
  conn = g_hash_table_lookup (guard->sockets, socket);
  if (conn != NULL)
    connection_stop_idle (conn);
  else if (!admit (guard, msg, socket))
    return;
  set_deadline (guard, msg, guard->limits.request_timeout, KASIR_SERVER_DROP_REQUEST_TIMEOUT, FALSE);
}

/* The whole request is here: its answer must be taken in time too. */
static void
on_request_read (SoupServer        *soup,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  KasirServerGuard *guard = user_data;

  set_deadline (guard, msg, guard->limits.io_timeout, KASIR_SERVER_DROP_ANSWER_TIMEOUT, TRUE);
}

static gboolean
idle_passed (gpointer data)
{
  Connection *conn = data;

  g_clear_pointer (&conn->idle, g_source_unref);
  drop (conn->guard, conn->socket, KASIR_SERVER_DROP_IDLE);
  return G_SOURCE_REMOVE;
}

/* The message ended. libsoup 3.2 starts the next message of a kept-alive connection
 * only when its first bytes arrive, so the wait in between has a deadline of its own. */
static void
on_request_done (SoupServer        *soup,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  KasirServerGuard *guard = user_data;
  GSocket *socket = soup_server_message_get_socket (msg);
  Connection *conn = socket != NULL ? g_hash_table_lookup (guard->sockets, socket) : NULL;

  forget_deadline (guard, msg);
  if (conn == NULL || g_socket_is_closed (socket))
    return;
  connection_stop_idle (conn);
  conn->idle = g_timeout_source_new_seconds (guard->limits.request_timeout);
  g_source_set_callback (conn->idle, idle_passed, conn, NULL);
  g_source_set_static_name (conn->idle, "[kasir] idle connection");
  g_source_attach (conn->idle, g_main_context_get_thread_default ());
}

static void
source_unref_destroy (gpointer data)
{
  GSource *source = data;

  g_source_destroy (source);
  g_source_unref (source);
}

KasirServerGuard *
kasir_server_guard_new (const KasirServerLimits *limits)
{
  KasirServerGuard *guard = g_new0 (KasirServerGuard, 1);

  g_return_val_if_fail (limits != NULL, NULL);
  g_return_val_if_fail (limits->max_connections > 0 && limits->max_per_address > 0, NULL);
  g_return_val_if_fail (limits->request_timeout > 0 && limits->io_timeout > 0, NULL);

  guard->limits = *limits;
  guard->sockets = g_hash_table_new (NULL, NULL);
  guard->per_address = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guard->deadlines = g_hash_table_new_full (NULL, NULL, NULL, source_unref_destroy);
  guard->servers = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&guard->counters_lock);
  return guard;
}

void
kasir_server_guard_attach (KasirServerGuard *guard,
                           SoupServer       *soup)
{
  SoupServer **box;

  g_return_if_fail (guard != NULL);
  g_return_if_fail (SOUP_IS_SERVER (soup));

  if (guard->sweeper == NULL)
    {
      guard->sweeper = g_timeout_source_new_seconds (2);
      g_source_set_callback (guard->sweeper, sweep_cb, guard, NULL);
      g_source_set_static_name (guard->sweeper, "[kasir] connection sweeper");
      g_source_attach (guard->sweeper, g_main_context_get_thread_default ());
    }
  box = g_new0 (SoupServer *, 1);
  g_set_weak_pointer (box, soup);
  g_ptr_array_add (guard->servers, box);
  g_signal_connect (soup, "request-started", G_CALLBACK (on_request_started), guard);
  g_signal_connect (soup, "request-read", G_CALLBACK (on_request_read), guard);
  g_signal_connect (soup, "request-finished", G_CALLBACK (on_request_done), guard);
  g_signal_connect (soup, "request-aborted", G_CALLBACK (on_request_done), guard);
}

static Connection *
connection_of (KasirServerGuard  *guard,
               SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  return socket != NULL ? g_hash_table_lookup (guard->sockets, socket) : NULL;
}

gboolean
kasir_server_guard_refuses (KasirServerGuard  *guard,
                            SoupServerMessage *msg)
{
  Connection *conn;

  g_return_val_if_fail (guard != NULL, FALSE);
  g_return_val_if_fail (SOUP_IS_SERVER_MESSAGE (msg), FALSE);

  conn = connection_of (guard, msg);
  if (conn == NULL || !conn->refused)
    return FALSE;
  g_mutex_lock (&guard->counters_lock);
  guard->n_refused++;
  g_mutex_unlock (&guard->counters_lock);
  return TRUE;
}

void
kasir_server_guard_hold (KasirServerGuard  *guard,
                         SoupServerMessage *msg)
{
  g_return_if_fail (guard != NULL);
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));
  forget_deadline (guard, msg);
}

void
kasir_server_guard_release (KasirServerGuard  *guard,
                            SoupServerMessage *msg,
                            gboolean           request_read)
{
  g_return_if_fail (guard != NULL);
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  if (request_read)
    set_deadline (guard, msg, guard->limits.io_timeout, KASIR_SERVER_DROP_ANSWER_TIMEOUT, FALSE);
  else
    set_deadline (guard, msg, guard->limits.request_timeout, KASIR_SERVER_DROP_REQUEST_TIMEOUT, FALSE);
}

guint
kasir_server_guard_get_n_open (KasirServerGuard *guard)
{
  g_return_val_if_fail (guard != NULL, 0);
  sweep_closed (guard);
  return guard->n_admitted;
}

guint64
kasir_server_guard_get_n_dropped (KasirServerGuard *guard)
{
  guint64 n;

  g_return_val_if_fail (guard != NULL, 0);
  g_mutex_lock (&guard->counters_lock);
  n = guard->n_dropped;
  g_mutex_unlock (&guard->counters_lock);
  return n;
}

guint64
kasir_server_guard_get_n_dropped_for (KasirServerGuard *guard,
                                      KasirServerDrop   why)
{
  guint64 n;

  g_return_val_if_fail (guard != NULL, 0);
  g_return_val_if_fail (why < KASIR_SERVER_N_DROPS, 0);
  g_mutex_lock (&guard->counters_lock);
  n = guard->drops[why];
  g_mutex_unlock (&guard->counters_lock);
  return n;
}

guint64
kasir_server_guard_get_n_refused (KasirServerGuard *guard)
{
  guint64 n;

  g_return_val_if_fail (guard != NULL, 0);
  g_mutex_lock (&guard->counters_lock);
  n = guard->n_refused;
  g_mutex_unlock (&guard->counters_lock);
  return n;
}

void
kasir_server_guard_free (KasirServerGuard *guard)
{
  GHashTableIter iter;
  gpointer key, value;

  if (guard == NULL)
    return;

  if (guard->sweeper != NULL)
    {
      g_source_destroy (guard->sweeper);
      g_source_unref (guard->sweeper);
    }

  for (guint i = 0; i < guard->servers->len; i++)
    {
      SoupServer **box = g_ptr_array_index (guard->servers, i);

      if (*box != NULL)
        {
          g_signal_handlers_disconnect_by_data (*box, guard);
          g_clear_weak_pointer (box);
        }
    }
  g_hash_table_iter_init (&iter, guard->deadlines);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_object_weak_unref (key, deadline_message_gone, guard);
  g_hash_table_iter_init (&iter, guard->sockets);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Connection *conn = value;

      g_object_weak_unref (key, connection_gone, conn);
      connection_stop_idle (conn);
      g_free (conn->address);
      g_free (conn);
    }
  g_ptr_array_unref (guard->servers);
  g_hash_table_unref (guard->deadlines);
  g_hash_table_unref (guard->sockets);
  g_hash_table_unref (guard->per_address);
  g_mutex_clear (&guard->counters_lock);
  g_free (guard);
}

guint64
kasir_server_raise_open_file_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0)
    return 0;
  if (limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      if (setrlimit (RLIMIT_NOFILE, &limit) != 0)
        g_message ("could not raise the open-file limit to %" G_GUINT64_FORMAT,
                   (guint64) limit.rlim_max);
      getrlimit (RLIMIT_NOFILE, &limit);
    }
  return (guint64) limit.rlim_cur;
}
