/* kasir-fault-proxy.c — see kasir-fault-proxy.h.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <sys/socket.h>

#include "kasir-fault-proxy.h"

#define MAX_HEADER (64 * 1024)
#define MAX_BODY   (16 * 1024 * 1024)

struct _KasirFaultProxy
{
  GThreadedSocketService *service;
  guint16                 port;
  guint16                 upstream_port;
  guint                   percent;
  guint                   delay_ms;
  GMutex                  lock;
  GRand                  *rand;
  guint                   requests;
  guint                   faults[KASIR_FAULT_N_KINDS];
};

/* Reads one HTTP request (headers and a Content-Length body) from @in. Returns NULL on a
 * clean end of the connection or on anything the proxy cannot frame. */
static GByteArray *
read_request (GInputStream *in)
{
  g_autoptr(GByteArray) buf = g_byte_array_new ();
  gsize header_end = 0;
  gint64 content_length = 0;

  while (header_end == 0)
    {
      guint8 c;
      gssize n = g_input_stream_read (in, &c, 1, NULL, NULL);

      if (n <= 0 || buf->len > MAX_HEADER)
        return NULL;
      g_byte_array_append (buf, &c, 1);
      if (buf->len >= 4 && memcmp (buf->data + buf->len - 4, "\r\n\r\n", 4) == 0)
        header_end = buf->len;
    }

  {
    g_autofree char *headers = g_strndup ((const char *)buf->data, header_end);
    g_auto(GStrv) lines = g_strsplit (headers, "\r\n", -1);

    for (guint i = 1; lines[i] != NULL; i++)
      if (g_ascii_strncasecmp (lines[i], "Content-Length:", 15) == 0)
        content_length = g_ascii_strtoll (lines[i] + 15, NULL, 10);
  }

  if (content_length < 0 || content_length > MAX_BODY)
    return NULL;

  if (content_length > 0)
    {
      gsize old = buf->len;
      gsize got = 0;

      g_byte_array_set_size (buf, old + content_length);
      if (!g_input_stream_read_all (in, buf->data + old, content_length, &got, NULL, NULL) ||
          got != (gsize)content_length)
        return NULL;
    }

  return g_steal_pointer (&buf);
}

/* Rewrites the request so the server closes after answering: one request per upstream
 * connection keeps the proxy's framing trivial. */
static GByteArray *
with_connection_close (GByteArray *request)
{
  const char *data = (const char *)request->data;
  const char *end = g_strstr_len (data, request->len, "\r\n\r\n");
  g_autofree char *head = g_strndup (data, end - data);
  g_auto(GStrv) lines = g_strsplit (head, "\r\n", -1);
  GByteArray *out = g_byte_array_new ();

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (i > 0 && (g_ascii_strncasecmp (lines[i], "Connection:", 11) == 0 ||
                    g_ascii_strncasecmp (lines[i], "Keep-Alive:", 11) == 0))
        continue;
      g_byte_array_append (out, (const guint8 *)lines[i], strlen (lines[i]));
      g_byte_array_append (out, (const guint8 *)"\r\n", 2);
    }
  g_byte_array_append (out, (const guint8 *)"Connection: close\r\n\r\n", 21);
  g_byte_array_append (out, (const guint8 *)end + 4, request->len - ((end + 4) - data));

  return out;
}

/* Closing with a zero linger sends a TCP reset instead of an orderly shutdown. */
static void
reset_on_close (GSocketConnection *connection)
{
  struct linger lin = { 1, 0 };

  setsockopt (g_socket_get_fd (g_socket_connection_get_socket (connection)),
              SOL_SOCKET, SO_LINGER, &lin, sizeof lin);
}

static KasirFaultKind
choose_fault (KasirFaultProxy *self)
{
  KasirFaultKind kind = KASIR_FAULT_NONE;

  g_mutex_lock (&self->lock);
  self->requests++;
  if (g_rand_int_range (self->rand, 0, 100) < (gint32)self->percent)
    kind = g_rand_int_range (self->rand, KASIR_FAULT_DROP_BEFORE, KASIR_FAULT_N_KINDS);
  self->faults[kind]++;
  g_mutex_unlock (&self->lock);

  return kind;
}

static void
send_status (GOutputStream *out,
             guint          status)
{
  const char *body = status == 503
    ? "{\"error\":{\"code\":\"unavailable\",\"message\":\"injected\"}}"
    : "{\"error\":{\"code\":\"internal\",\"message\":\"injected\"}}";
  g_autofree char *text =
    g_strdup_printf ("HTTP/1.1 %u Injected\r\nContent-Type: application/json\r\n"
                     "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
                     status, strlen (body), body);

  g_output_stream_write_all (out, text, strlen (text), NULL, NULL, NULL);
}

/* Forwards @request to the server and returns its whole answer, or NULL. With
 * @partial, only half of the request is sent and the connection is then reset. */
static GByteArray *
forward (KasirFaultProxy *self,
         GByteArray      *request,
         gboolean         partial)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) upstream = NULL;
  g_autoptr(GByteArray) rewritten = with_connection_close (request);
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  GOutputStream *out;
  GInputStream *in;
  guint16 port;

  g_mutex_lock (&self->lock);
  port = self->upstream_port;
  g_mutex_unlock (&self->lock);

  g_socket_client_set_timeout (client, 30);
  upstream = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
  if (upstream == NULL)
    return NULL;

  out = g_io_stream_get_output_stream (G_IO_STREAM (upstream));
  in = g_io_stream_get_input_stream (G_IO_STREAM (upstream));

  if (partial)
    {
      g_output_stream_write_all (out, rewritten->data, rewritten->len / 2, NULL, NULL, NULL);
      reset_on_close (upstream);
      return NULL;
    }

  if (!g_output_stream_write_all (out, rewritten->data, rewritten->len, NULL, NULL, NULL))
    return NULL;

  for (;;)
    {
      guint8 chunk[16384];
      gssize n = g_input_stream_read (in, chunk, sizeof chunk, NULL, NULL);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      g_byte_array_append (answer, chunk, n);
    }

  return answer->len > 0 ? g_steal_pointer (&answer) : NULL;
}

static gboolean
on_run (GThreadedSocketService *service,
        GSocketConnection      *connection,
        GObject                *source_object,
        gpointer                user_data)
{
  KasirFaultProxy *self = user_data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GByteArray) request = read_request (in);
  g_autoptr(GByteArray) answer = NULL;
  KasirFaultKind kind;

  if (request == NULL)
    return TRUE;

  kind = choose_fault (self);
  switch (kind)
    {
    case KASIR_FAULT_DROP_BEFORE:
      break;

    case KASIR_FAULT_RESET_MID_REQUEST:
      forward (self, request, TRUE);
      reset_on_close (connection);
      break;

    case KASIR_FAULT_DELAY:
      g_usleep ((gulong)self->delay_ms * 1000);
      answer = forward (self, request, FALSE);
      if (answer != NULL)
        g_output_stream_write_all (out, answer->data, answer->len, NULL, NULL, NULL);
      break;

    case KASIR_FAULT_HTTP_500:
      send_status (out, 500);
      break;

    case KASIR_FAULT_HTTP_503:
      send_status (out, 503);
      break;

    case KASIR_FAULT_TRUNCATE_RESPONSE:
      answer = forward (self, request, FALSE);
      if (answer != NULL)
        g_output_stream_write_all (out, answer->data, answer->len * 2 / 3, NULL, NULL, NULL);
      break;

    case KASIR_FAULT_DROP_AFTER_COMMIT:
      answer = forward (self, request, FALSE);
      break;

    case KASIR_FAULT_NONE:
    case KASIR_FAULT_N_KINDS:
    default:
      answer = forward (self, request, FALSE);
      if (answer != NULL)
        g_output_stream_write_all (out, answer->data, answer->len, NULL, NULL, NULL);
      else
        send_status (out, 503);
      break;
    }

  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

KasirFaultProxy *
kasir_fault_proxy_new (guint16   upstream_port,
                       guint     fault_percent,
                       guint     delay_ms,
                       guint32   seed,
                       GError  **error)
{
  KasirFaultProxy *self = g_new0 (KasirFaultProxy, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_mutex_init (&self->lock);
  self->rand = g_rand_new_with_seed (seed);
  self->upstream_port = upstream_port;
  self->percent = fault_percent;
  self->delay_ms = delay_ms;
  self->service = G_THREADED_SOCKET_SERVICE (g_threaded_socket_service_new (16));

  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                      NULL, &bound, error))
    {
      kasir_fault_proxy_free (self);
      return NULL;
    }

  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_signal_connect (self->service, "run", G_CALLBACK (on_run), self);
  g_socket_service_start (G_SOCKET_SERVICE (self->service));

  return self;
}

guint16
kasir_fault_proxy_get_port (KasirFaultProxy *self)
{
  return self->port;
}

void
kasir_fault_proxy_set_percent (KasirFaultProxy *self,
                               guint            fault_percent)
{
  g_mutex_lock (&self->lock);
  self->percent = fault_percent;
  g_mutex_unlock (&self->lock);
}

void
kasir_fault_proxy_set_upstream (KasirFaultProxy *self,
                                guint16          upstream_port)
{
  g_mutex_lock (&self->lock);
  self->upstream_port = upstream_port;
  g_mutex_unlock (&self->lock);
}

guint
kasir_fault_proxy_get_requests (KasirFaultProxy *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->requests;
  g_mutex_unlock (&self->lock);

  return n;
}

guint
kasir_fault_proxy_get_faults (KasirFaultProxy *self,
                              KasirFaultKind   kind)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->faults[kind];
  g_mutex_unlock (&self->lock);

  return n;
}

void
kasir_fault_proxy_free (KasirFaultProxy *self)
{
  if (self == NULL)
    return;

  if (self->service != NULL)
    {
      g_socket_service_stop (G_SOCKET_SERVICE (self->service));
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
      g_object_unref (self->service);
    }
  g_rand_free (self->rand);
  g_mutex_clear (&self->lock);
  g_free (self);
}
