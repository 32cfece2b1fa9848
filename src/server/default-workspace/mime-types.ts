/** The part of /etc/mime.types (Fedora's mailcap package) that CGI Lab's files use. */
export const MIME_TYPES = `# This is a comment. I love comments.
# MIME type\t\t\t\t\tExtensions
application/javascript\t\t\t\tjs mjs
application/json\t\t\t\tjson
application/octet-stream\t\t\tbin so exe
application/pdf\t\t\t\t\tpdf
application/vnd.sqlite3\t\t\t\tsqlite sqlite3 db
application/xml\t\t\t\t\txml
application/zip\t\t\t\t\tzip
application/gzip\t\t\t\tgz
image/gif\t\t\t\t\tgif
image/jpeg\t\t\t\t\tjpeg jpg jpe
image/png\t\t\t\t\tpng
image/svg+xml\t\t\t\t\tsvg svgz
image/x-icon\t\t\t\t\tico
text/css\t\t\t\t\tcss
text/csv\t\t\t\t\tcsv
text/html\t\t\t\t\thtml htm shtml
text/markdown\t\t\t\t\tmd markdown
text/plain\t\t\t\t\ttxt text conf log
text/x-python\t\t\t\t\tpy
`;
