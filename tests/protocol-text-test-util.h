/* protocol-text-test-util.h — what the tests of the text readers (a pull page, a push
 * request) share: the check that both ways refuse alike, the members of a document each
 * taken away and given each variant, and the walk over the fuzz corpora.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include "kasir-protocol.h"

/* Whether both ways read @text: if the tree refused it (@by_tree FALSE), the text's way
 * must refuse it with the same error, word for word; if the tree read it, so must the
 * text's way. */
G_GNUC_UNUSED static gboolean
protocol_text_both_read (gboolean      by_tree,
                         const GError *tree_error,
                         gboolean      by_text,
                         const GError *text_error,
                         const char   *text,
                         gsize         length)
{
  if (!by_tree)
    {
      g_assert_nonnull (tree_error);
      if (by_text)
        g_error ("read from the text, refused by the tree (%s): %.*s", tree_error->message,
                 (int) MIN (length, 400), text);
      g_assert_nonnull (text_error);
      g_assert_cmpstr (text_error->message, ==, tree_error->message);
      g_assert_true (g_error_matches (text_error, tree_error->domain, tree_error->code));
      return FALSE;
    }
  if (!by_text)
    g_error ("read by the tree, refused from the text (%s): %.*s", text_error->message,
             (int) MIN (length, 400), text);
  g_assert_null (text_error);
  return TRUE;
}

/* @object's members (and one it does not have) each taken away, then given each of the
 * @n_variants, and @root checked by @check each time; returns how many were checked. */
G_GNUC_UNUSED static guint
protocol_text_vary_members (JsonNode           *root,
                            JsonObject         *object,
                            const char * const *variants,
                            guint               n_variants,
                            gboolean          (*check) (JsonNode *root))
{
  g_autoptr(GList) names = json_object_get_members (object);
  guint n = 0;

  names = g_list_append (names, (gpointer) "zz_unknown");
  for (GList *l = names; l != NULL; l = l->next)
    {
      g_autofree char *name = g_strdup (l->data);
      JsonNode *saved = json_object_dup_member (object, name);

      json_object_remove_member (object, name);
      check (root);
      n++;
      for (guint i = 0; i < n_variants; i++)
        {
          json_object_set_member (object, name,
                                  kasir_protocol_parse (variants[i], strlen (variants[i]), NULL));
          check (root);
          n++;
        }
      json_object_remove_member (object, name);
      if (saved != NULL)
        json_object_set_member (object, name, saved);
    }
  return n;
}

/* Every file of every fuzz corpus through @check; returns how many it read, and how many
 * files there were in @seen. */
G_GNUC_UNUSED static guint
protocol_text_check_corpora (gboolean (*check) (const char *text, gsize length),
                             guint     *seen)
{
  g_autofree char *top = g_build_filename (g_getenv ("KASIR_SOURCE_DIR"), "tests", "fuzz",
                                           "corpus", NULL);
  g_autoptr(GDir) corpora = g_dir_open (top, 0, NULL);
  const char *corpus;
  guint read = 0;

  *seen = 0;
  g_assert_nonnull (corpora);
  while ((corpus = g_dir_read_name (corpora)) != NULL)
    {
      g_autofree char *dir_path = g_build_filename (top, corpus, NULL);
      g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir_path, name, NULL);
          g_autofree char *text = NULL;
          gsize length;

          g_assert_true (g_file_get_contents (path, &text, &length, NULL));
          (*seen)++;
          if (check (text, length))
            read++;
        }
    }
  return read;
}
