/**
 * What `tar -zxvf mod_fastcgi-2.4.2.tar.gz` unpacks in the FastCGI lessons:
 * the file names of the real release, with short stand-in texts (the
 * emulator's mod_fastcgi is written in TypeScript; these files only let
 * the article's build steps run). Makefile.AP2 and INSTALL.AP2 carry the
 * real settings, so the Makefile edits the article describes matter.
 */

export const MOD_FASTCGI_TARBALL = "mod_fastcgi-2.4.2.tar.gz";
export const MOD_FASTCGI_DIR = "mod_fastcgi-2.4.2";
/** Archive mtime of the release's files (November 2003). */
export const MOD_FASTCGI_MTIME = Date.UTC(2003, 10, 24, 14, 18);

/** Where Fedora's httpd-devel installs special.mk: the top_dir the Makefile needs. */
export const FEDORA_TOP_DIR = "/usr/lib64/httpd";

/** The C sources, in the order modules.mk links them. */
export const MOD_FASTCGI_SOURCES = ["mod_fastcgi", "fcgi_pm", "fcgi_util", "fcgi_protocol", "fcgi_buf", "fcgi_config"];

export const MAKEFILE_AP2 = `#
#  Makefile for Apache2
#

builddir     = .

top_dir      = /usr/local/apache2

top_srcdir   = \${top_dir}
top_builddir = \${top_dir}

include \${top_builddir}/build/special.mk

APXS      = apxs
APACHECTL = apachectl

#DEFS=-Dmy_define=my_value
#INCLUDES=-Imy/include/dir
#LIBS=-Lmy/lib/dir -lmylib

all: local-shared-build

install: install-modules

clean:
	-rm -f *.o *.lo *.slo *.la 
`;

const INSTALL_AP2 = `Apache 2.x
----------

    $ cd <mod_fastcgi_dir>
    $ cp Makefile.AP2 Makefile
    $ make
    $ make install

    If your Apache2 installation isn't in /usr/local/apache2, then
    set the top_dir variable when running make (or edit the
    Makefile), e.g.

    $ make top_dir=/opt/httpd/2.0.40

    Add an entry to httpd.conf like this:

      LoadModule fastcgi_module modules/mod_fastcgi.so
`;

const MODULES_MK = `mod_fastcgi.la: ${MOD_FASTCGI_SOURCES.map((s) => `${s}.slo`).join(" ")}
\t$(SH_LINK) -rpath $(libexecdir) -module -avoid-version ${MOD_FASTCGI_SOURCES.map((s) => `${s}.lo`).join(" ")}
DISTCLEAN_TARGETS = modules.mk
static =
shared = mod_fastcgi.la
`;

const stub = (name: string, what: string) =>
  `/*\n * ${name}: ${what}\n *\n * CGI Lab stand-in for the file of the same name in mod_fastcgi 2.4.2.\n * The emulated server's mod_fastcgi is implemented in TypeScript; this\n * file is here so the article's build (make, make install) can run.\n */\n`;

/** Paths inside the archive, in archive order, with their contents (null for a directory). */
export const MOD_FASTCGI_FILES: [string, string | null][] = [
  [`${MOD_FASTCGI_DIR}/`, null],
  [`${MOD_FASTCGI_DIR}/CHANGES`, "Version 2.4.2\n\n    *) Apache 2 support fixes.\n"],
  [`${MOD_FASTCGI_DIR}/docs/`, null],
  [`${MOD_FASTCGI_DIR}/docs/LICENSE.TERMS`, "mod_fastcgi license terms (Open Market, Inc.): see the original release.\n"],
  [`${MOD_FASTCGI_DIR}/docs/mod_fastcgi.html`, "<html><body><h1>Module mod_fastcgi</h1><p>Stand-in for the module's documentation.</p></body></html>\n"],
  [`${MOD_FASTCGI_DIR}/fcgi.h`, stub("fcgi.h", "shared declarations")],
  [`${MOD_FASTCGI_DIR}/fcgi_buf.c`, stub("fcgi_buf.c", "buffers between Apache and the application")],
  [`${MOD_FASTCGI_DIR}/fcgi_config.c`, stub("fcgi_config.c", "FastCgiServer, FastCgiConfig and the other directives")],
  [`${MOD_FASTCGI_DIR}/fcgi_pm.c`, stub("fcgi_pm.c", "the process manager that starts and restarts applications")],
  [`${MOD_FASTCGI_DIR}/fcgi_protocol.c`, stub("fcgi_protocol.c", "building and parsing FastCGI records")],
  [`${MOD_FASTCGI_DIR}/fcgi_protocol.h`, stub("fcgi_protocol.h", "FastCGI 1.0 record types and structures")],
  [`${MOD_FASTCGI_DIR}/fcgi_util.c`, stub("fcgi_util.c", "helpers")],
  [`${MOD_FASTCGI_DIR}/INSTALL`, "See INSTALL.AP2 for Apache 2.\n"],
  [`${MOD_FASTCGI_DIR}/INSTALL.AP2`, INSTALL_AP2],
  [`${MOD_FASTCGI_DIR}/Makefile.AP2`, MAKEFILE_AP2],
  [`${MOD_FASTCGI_DIR}/Makefile.nt`, "# Makefile for Windows (nmake): not used on Linux.\n"],
  [`${MOD_FASTCGI_DIR}/Makefile.tmpl`, "# Makefile template for Apache 1.3's configure: not used with Apache 2.\n"],
  [`${MOD_FASTCGI_DIR}/mod_fastcgi.c`, stub("mod_fastcgi.c", "the module: handlers, request processing, AddHandler fastcgi-script")],
  [`${MOD_FASTCGI_DIR}/mod_fastcgi.h`, stub("mod_fastcgi.h", "module declarations")],
  [`${MOD_FASTCGI_DIR}/modules.mk`, MODULES_MK],
  [`${MOD_FASTCGI_DIR}/README`, "mod_fastcgi 2.4.2: a FastCGI module for Apache.\nBuild instructions for Apache 2 are in INSTALL.AP2.\n"],
];
