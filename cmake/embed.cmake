# cmake -DIN=file -DOUT=file.c [-DNAME=symbol] -P embed.cmake
# Writes `const char NAME[]` (the file's bytes and a NUL) and
# `const size_t NAME_len` (the bytes without it), so the file needs no copy
# at run time.  NAME defaults to iki_builtin_template_yaml.
if(NOT NAME)
  set(NAME iki_builtin_template_yaml)
endif()
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" hexlen)
math(EXPR len "${hexlen} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" body "${body}")
get_filename_component(in_name "${IN}" NAME)
file(WRITE "${OUT}" "/* Generated from ${in_name} by cmake/embed.cmake; do not edit. */\n#include <stddef.h>\nextern const char ${NAME}[];\nextern const size_t ${NAME}_len;\n_Alignas(8) const char ${NAME}[] = {\n${body}0x00};\nconst size_t ${NAME}_len = ${len};\n")
