# The message catalog, compiled into the program (include/iki/msg.h):
#
#   po/id.po --msgfmt --check-format--> generated/id.mo
#            --cmake/embed.cmake-->     generated/catalog_id.c
#                                       (const char iki_catalog_id_mo[])
#
# A translation whose printf conversions differ from its English fails the
# build here.  msgfmt is a build tool only (Debian package gettext; on the
# host for the Windows cross-build): nothing is installed or looked up at
# run time.  po/update.sh regenerates po/iki.pot and merges po/id.po.
find_program(MSGFMT_EXECUTABLE msgfmt REQUIRED)
set(IKI_CATALOG_MO ${CMAKE_BINARY_DIR}/generated/id.mo)
set(IKI_CATALOG_C ${CMAKE_BINARY_DIR}/generated/catalog_id.c)
add_custom_command(
  OUTPUT ${IKI_CATALOG_MO}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/generated
  COMMAND ${MSGFMT_EXECUTABLE} --check-format --check-header -o ${IKI_CATALOG_MO}
          ${CMAKE_SOURCE_DIR}/po/id.po
  DEPENDS ${CMAKE_SOURCE_DIR}/po/id.po
  COMMENT "Compiling po/id.po")
add_custom_command(
  OUTPUT ${IKI_CATALOG_C}
  COMMAND ${CMAKE_COMMAND} -DIN=${IKI_CATALOG_MO} -DOUT=${IKI_CATALOG_C}
          -DNAME=iki_catalog_id_mo -P ${CMAKE_SOURCE_DIR}/cmake/embed.cmake
  DEPENDS ${IKI_CATALOG_MO} ${CMAKE_SOURCE_DIR}/cmake/embed.cmake
  COMMENT "Embedding the Indonesian catalog")
