/* kasir-server.c — the sync server's object: its store, limits and worker pool,
 * and the addresses it listens on.
 *
 * Requests are dispatched in kasir-server-dispatch.c to the routes of
 * kasir-server-routes.c; the struct is in kasir-server-private.h.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "kasir-server.h"
#include "kasir-server-private.h"
#include "kasir-server-guard.h"
#include "kasir-server-pool.h"

#define LISTEN_BACKLOG 4096

G_DEFINE_FINAL_TYPE (KasirServer, kasir_server, G_TYPE_OBJECT)

static void
kasir_server_finalize (GObject *object)
{
  KasirServer *self = KASIR_SERVER (object);

  kasir_server_disconnect (self);
  g_clear_object (&self->soup);
  g_clear_object (&self->metrics_soup);
  /* After the servers, whose connections it watches. */
  g_clear_pointer (&self->guard, kasir_server_guard_free);
  /* Every job holds a reference on the server: none is left. */
  g_clear_pointer (&self->pool, kasir_server_pool_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->store, kasir_server_store_free);
  g_clear_pointer (&self->requests, g_hash_table_unref);
  g_clear_pointer (&self->last_contact, g_hash_table_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (kasir_server_parent_class)->finalize (object);
}

static void
kasir_server_class_init (KasirServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kasir_server_finalize;
}

static void
kasir_server_init (KasirServer *self)
{
  self->max_body = KASIR_PROTOCOL_MAX_BODY;
  self->limits = (KasirServerLimits) KASIR_SERVER_LIMITS_DEFAULT;
  self->max_queue = KASIR_SERVER_DEFAULT_MAX_QUEUE;
  self->requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->last_contact = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_mutex_init (&self->lock);
}

KasirServer *
kasir_server_new (KasirServerStore *store)
{
  KasirServer *self;

  g_return_val_if_fail (store != NULL, NULL);
  self = g_object_new (KASIR_TYPE_SERVER, NULL);
  self->store = store;
  return self;
}

KasirServerStore *
kasir_server_get_store (KasirServer *self)
{
  g_return_val_if_fail (KASIR_IS_SERVER (self), NULL);
  return self->store;
}

void
kasir_server_set_max_body (KasirServer *self,
                           gsize        max_body)
{
  g_return_if_fail (KASIR_IS_SERVER (self));
  self->max_body = max_body;
}

void
kasir_server_set_limits (KasirServer             *self,
                         const KasirServerLimits *limits)
{
  g_return_if_fail (KASIR_IS_SERVER (self));
  g_return_if_fail (limits != NULL && limits->max_connections > 0 && limits->max_per_address > 0
                    && limits->request_timeout > 0 && limits->io_timeout > 0);
  g_return_if_fail (self->guard == NULL);
  self->limits = *limits;
}

guint
kasir_server_get_n_connections (KasirServer *self)
{
  g_return_val_if_fail (KASIR_IS_SERVER (self), 0);
  return self->guard != NULL ? kasir_server_guard_get_n_open (self->guard) : 0;
}

gboolean
kasir_server_set_workers (KasirServer  *self,
                          const char   *db,
                          const char   *key,
                          guint         n_writers,
                          guint         n_readers,
                          GError      **error)
{
  g_return_val_if_fail (KASIR_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->pool == NULL && self->soup == NULL, FALSE);

  self->pool = kasir_server_pool_new (db, key, n_writers, n_readers, error);
  return self->pool != NULL;
}

KasirServerPool *
kasir_server_get_pool (KasirServer *self)
{
  g_return_val_if_fail (KASIR_IS_SERVER (self), NULL);
  return self->pool;
}

void
kasir_server_set_max_queue (KasirServer *self,
                            guint        max_queue)
{
  g_return_if_fail (KASIR_IS_SERVER (self));
  self->max_queue = max_queue;
}

GInetSocketAddress *
kasir_server_parse_address (const char  *address,
                            GError     **error)
{
  g_autofree char *host = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  const char *colon;
  guint64 port;

  g_return_val_if_fail (address != NULL, NULL);

  if (address[0] == '[')
    {
      const char *end = strchr (address, ']');
      if (end == NULL || end[1] != ':')
        goto bad;
      host = g_strndup (address + 1, end - address - 1);
      colon = end + 1;
    }
  else
    {
      colon = strrchr (address, ':');
      if (colon == NULL)
        goto bad;
      host = g_strndup (address, colon - address);
    }
  if (!g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    goto bad;
  if (g_str_equal (host, "localhost"))
    inet = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else if (g_str_equal (host, "") || g_str_equal (host, "*"))
    inet = g_inet_address_new_any (G_SOCKET_FAMILY_IPV4);
  else
    inet = g_inet_address_new_from_string (host);
  if (inet == NULL)
    goto bad;
  return G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (inet, (guint16) port));

bad:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               "'%s' is not HOST:PORT with a numeric IP address (or localhost) and a port",
               address);
  return NULL;
}

static SoupServer *
new_soup_server (KasirServer      *self,
                 GTlsCertificate  *tls_certificate)
{
  SoupServer *soup = soup_server_new ("server-header", "kasir-server/" PACKAGE_VERSION " ",
                                      "tls-certificate", tls_certificate, NULL);

  if (self->context == NULL)
    self->context = g_main_context_ref_thread_default ();
  if (self->guard == NULL)
    {
      kasir_server_raise_open_file_limit ();
      self->guard = kasir_server_guard_new (&self->limits);
    }
  kasir_server_guard_attach (self->guard, soup);
  kasir_server_dispatch_attach (self, soup);
  return soup;
}

static gboolean
listen_on (SoupServer   *soup,
           const char   *address,
           gboolean      https,
           GError      **error)
{
  g_autoptr(GInetSocketAddress) addr = kasir_server_parse_address (address, error);
  g_autoptr(GSocket) socket = NULL;

  if (addr == NULL)
    return FALSE;
  socket = g_socket_new (g_socket_address_get_family (G_SOCKET_ADDRESS (addr)), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  /* Tills reconnecting all at once wait in the kernel's queue until the main loop takes
   * them; with GLib's default of 10 the queue overflowed and they were reset. */
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  return g_socket_bind (socket, G_SOCKET_ADDRESS (addr), TRUE, error)
         && g_socket_listen (socket, error)
         && soup_server_listen_socket (soup, socket, https ? SOUP_SERVER_LISTEN_HTTPS : 0, error);
}

gboolean
kasir_server_listen (KasirServer      *self,
                     const char       *address,
                     GTlsCertificate  *tls_certificate,
                     GError          **error)
{
  g_return_val_if_fail (KASIR_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup == NULL, FALSE);

  self->soup = new_soup_server (self, tls_certificate);
  if (!listen_on (self->soup, address, tls_certificate != NULL, error))
    {
      g_clear_object (&self->soup);
      return FALSE;
    }
  return TRUE;
}

gboolean
kasir_server_listen_metrics (KasirServer  *self,
                             const char   *address,
                             GError      **error)
{
  g_return_val_if_fail (KASIR_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->metrics_soup == NULL, FALSE);

  self->metrics_soup = new_soup_server (self, NULL);
  if (!listen_on (self->metrics_soup, address, FALSE, error))
    {
      g_clear_object (&self->metrics_soup);
      return FALSE;
    }
  return TRUE;
}

static char *
url_of (SoupServer *soup)
{
  GSList *listeners;
  char *url = NULL;

  if (soup == NULL)
    return NULL;

  /* Read from the listening socket itself: libsoup 3.2's soup_server_get_uris() leaks
   * the address it builds each URI from. */
  listeners = soup_server_get_listeners (soup);
  if (listeners != NULL)
    {
      g_autoptr(GSocketAddress) address = g_socket_get_local_address (listeners->data, NULL);

      if (G_IS_INET_SOCKET_ADDRESS (address))
        {
          GInetSocketAddress *inet = G_INET_SOCKET_ADDRESS (address);
          g_autofree char *host =
            g_inet_address_to_string (g_inet_socket_address_get_address (inet));
          gboolean v6 = strchr (host, ':') != NULL;

          url = g_strdup_printf ("%s://%s%s%s:%u", soup_server_is_https (soup) ? "https" : "http",
                                 v6 ? "[" : "", host, v6 ? "]" : "",
                                 g_inet_socket_address_get_port (inet));
        }
    }
  g_slist_free (listeners);
  return url;
}

char *
kasir_server_get_url (KasirServer *self)
{
  g_return_val_if_fail (KASIR_IS_SERVER (self), NULL);
  return url_of (self->soup);
}

char *
kasir_server_get_metrics_url (KasirServer *self)
{
  g_return_val_if_fail (KASIR_IS_SERVER (self), NULL);
  return url_of (self->metrics_soup ? self->metrics_soup : self->soup);
}

void
kasir_server_disconnect (KasirServer *self)
{
  g_return_if_fail (KASIR_IS_SERVER (self));
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  if (self->metrics_soup != NULL)
    soup_server_disconnect (self->metrics_soup);
}
