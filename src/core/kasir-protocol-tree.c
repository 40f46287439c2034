/* kasir-protocol-tree.c — see the header.
 *
 * Why not json-glib's parser: on a pull page of 5,000 products it spent a third of the
 * till's CPU in its general-purpose tokenizer, reading again text the scanner had just
 * checked byte by byte. Here the text is known to be valid, so one forward pass without
 * any error path builds the same nodes (json-glib's own constructors) with one string
 * copy each.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kasir-protocol-tree.h"

#include "kasir-protocol.h"

#include <string.h>

typedef struct
{
  const guchar *p;
  const guchar *end;
  GString      *scratch;  /* the text of the string being read, unescaped */
} Builder;

static void
skip_whitespace (Builder *b)
{
  while (b->p < b->end && (*b->p == ' ' || *b->p == '\t' || *b->p == '\n' || *b->p == '\r'))
    b->p++;
}

static guint
read_hex4 (Builder *b)
{
  guint value = 0;

  for (guint i = 0; i < 4; i++)
    value = value * 16 + (guint) g_ascii_xdigit_value (b->p[i]);
  b->p += 4;
  return value;
}

/* Reads the string at b->p (its opening quote) into b->scratch. */
static void
read_string (Builder *b)
{
  const guchar *run;

  g_string_truncate (b->scratch, 0);
  b->p++;
  run = b->p;
  for (;;)
    {
      guchar c = *b->p;
      gunichar unit;

      if (c != '"' && c != '\\')
        {
          b->p++;
          continue;
        }
      g_string_append_len (b->scratch, (const char *) run, b->p - run);
      if (c == '"')
        {
          b->p++;
          return;
        }

      b->p++;
      c = *b->p++;
      switch (c)
        {
        case 'b': g_string_append_c (b->scratch, '\b'); break;
        case 'f': g_string_append_c (b->scratch, '\f'); break;
        case 'n': g_string_append_c (b->scratch, '\n'); break;
        case 'r': g_string_append_c (b->scratch, '\r'); break;
        case 't': g_string_append_c (b->scratch, '\t'); break;
        case 'u':
          unit = read_hex4 (b);
          /* The scanner let only whole surrogate pairs through. */
          if (unit >= 0xD800 && unit <= 0xDBFF)
            {
              gunichar low;

              b->p += 2;
              low = read_hex4 (b);
              unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
            }
          g_string_append_unichar (b->scratch, unit);
          break;
        default:  /* '"', '\\' and '/' stand for themselves */
          g_string_append_c (b->scratch, (char) c);
          break;
        }
      run = b->p;
    }
}

void
kasir_protocol_read_string (const guchar **p,
                            const guchar  *end,
                            GString       *scratch)
{
  Builder b = { *p, end, scratch };

  read_string (&b);
  *p = b.p;
}

static gboolean
is_number_char (guchar c)
{
  return g_ascii_isdigit (c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
}

static JsonNode *
read_number (Builder *b)
{
  const guchar *begin = b->p;
  gboolean integer = TRUE;
  JsonNode *node = json_node_alloc ();

  /* The scanner checked the grammar; here a number ends where its characters do. */
  b->p++;
  while (b->p < b->end && is_number_char (*b->p))
    {
      if (!g_ascii_isdigit (*b->p))
        integer = FALSE;
      b->p++;
    }

  g_string_truncate (b->scratch, 0);
  g_string_append_len (b->scratch, (const char *) begin, b->p - begin);
  if (!integer)
    return json_node_init_double (node, g_ascii_strtod (b->scratch->str, NULL));

  /* In range: the scanner checked it. The most negative value goes through unsigned,
   * as it has no positive counterpart. */
  if (*begin == '-')
    return json_node_init_int (node,
                               (gint64) (0 - g_ascii_strtoull (b->scratch->str + 1, NULL, 10)));
  return json_node_init_int (node, (gint64) g_ascii_strtoull (b->scratch->str, NULL, 10));
}

/* A scalar at b->p: a string, a number, true, false or null. */
static JsonNode *
read_scalar (Builder *b)
{
  switch (*b->p)
    {
    case '"':
      read_string (b);
      return json_node_init_string (json_node_alloc (), b->scratch->str);
    case 't':
      b->p += 4;
      return json_node_init_boolean (json_node_alloc (), TRUE);
    case 'f':
      b->p += 5;
      return json_node_init_boolean (json_node_alloc (), FALSE);
    case 'n':
      b->p += 4;
      return json_node_init_null (json_node_alloc ());
    default:
      return read_number (b);
    }
}

/* One open container: its node, and for an object the name of the member being read
 * (a buffer kept per level, so that names cost no allocation of their own). */
typedef struct
{
  JsonNode *node;
  GString  *name;
} Level;

/* Hands @value to the container on top of @stack, or makes it the root. */
static void
attach (Level     *stack,
        guint      depth,
        JsonNode  *value,
        JsonNode **root)
{
  Level *top;

  if (depth == 0)
    {
      *root = value;
      return;
    }
  top = &stack[depth - 1];
  if (JSON_NODE_HOLDS_ARRAY (top->node))
    json_array_add_element (json_node_get_array (top->node), value);
  else
    json_object_set_member (json_node_get_object (top->node), top->name->str, value);
}

/* Reads a member name and its ':' into @name, with b->p on the name's opening quote.
 * Names carry no escapes (the scanner refused them). */
static void
read_member_name (Builder *b,
                  GString *name)
{
  const guchar *begin = ++b->p;

  b->p = memchr (begin, '"', b->end - begin);
  g_string_truncate (name, 0);
  g_string_append_len (name, (const char *) begin, b->p - begin);
  b->p++;
  skip_whitespace (b);
  b->p++;
}

JsonNode *
kasir_protocol_build_tree (const char *data,
                           gsize       length)
{
  Builder b = { (const guchar *) data, (const guchar *) data + length, g_string_sized_new (64) };
  Level stack[KASIR_PROTOCOL_MAX_DEPTH] = { { NULL, NULL } };
  JsonNode *root = NULL;
  guint depth = 0;

  do
    {
      guchar c;

      skip_whitespace (&b);
      c = *b.p;
      if (c == '{' || c == '[')
        {
          JsonNode *node = json_node_alloc ();

          g_assert (depth < KASIR_PROTOCOL_MAX_DEPTH);
          if (c == '{')
            json_node_take_object (json_node_init (node, JSON_NODE_OBJECT), json_object_new ());
          else
            json_node_take_array (json_node_init (node, JSON_NODE_ARRAY), json_array_new ());
          b.p++;
          attach (stack, depth, node, &root);
          stack[depth].node = node;
          if (stack[depth].name == NULL)
            stack[depth].name = g_string_sized_new (32);
          depth++;
          skip_whitespace (&b);
          /* Not empty: read the first member's name, or the first element. */
          if (*b.p != (c == '{' ? '}' : ']'))
            {
              if (c == '{')
                read_member_name (&b, stack[depth - 1].name);
              continue;
            }
        }
      else
        attach (stack, depth, read_scalar (&b), &root);

      /* After a value: close containers, or move on past a ','. */
      for (;;)
        {
          skip_whitespace (&b);
          if (depth == 0)
            break;
          c = *b.p++;
          if (c == '}' || c == ']')
            {
              depth--;
              continue;
            }
          /* c is ','. */
          if (JSON_NODE_HOLDS_OBJECT (stack[depth - 1].node))
            {
              skip_whitespace (&b);
              read_member_name (&b, stack[depth - 1].name);
            }
          break;
        }
    }
  while (depth > 0);

  for (guint i = 0; i < G_N_ELEMENTS (stack) && stack[i].name != NULL; i++)
    g_string_free (stack[i].name, TRUE);
  g_string_free (b.scratch, TRUE);
  return root;
}
