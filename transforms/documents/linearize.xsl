<?xml version="1.0" encoding="utf-8"?>
<!-- HTML -> marked-up text in one libxslt pass: block elements end lines; a table becomes
     U+FDD0 (table) / U+FDD1 (row) / U+FDD2 (cell: "text", normalized space) records, a cell's record followed
     by U+FDD3 "r" + rowspan and U+FDD3 "c" + colspan when it has those attributes (in attribute order), and
     U+FDD4 fencing each thead/tbody/tfoot row group, read back by html.py. Noncharacters, not private-use
     code points: GB18030 user-defined characters decode to U+E000.., real text never holds these
     (html.extract replaces any the page itself carries).

     Why the span attributes are records of their own, selected with the cells: in document order an
     element's attributes come right after it, so one apply-templates over cells and span attributes yields
     each cell followed by its spans, with no per-cell test. A test per cell (xsl:choose on
     "@rowspan or @colspan") cost libxslt more than reading the cell's text (measured 2.73 -> 2.11 M
     instructions per synthetic page). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="utf-8"/>
  <xsl:template match="p|div|br|h1|h2|h3|h4|h5|h6|li|ul|ol|section|article|header|footer|blockquote|pre|dd|dt|dl|form|center|hr|title|nav|tr|caption">
    <xsl:text>&#10;</xsl:text><xsl:apply-templates/><xsl:text>&#10;</xsl:text>
  </xsl:template>
  <!-- a layout table (one that holds other tables) is page structure, not data: read its content -->
  <xsl:template match="table[.//table]" priority="2">
    <xsl:text>&#10;</xsl:text><xsl:apply-templates/><xsl:text>&#10;</xsl:text>
  </xsl:template>
  <xsl:template match="td|th"><xsl:text>&#10;</xsl:text><xsl:apply-templates/><xsl:text>&#10;</xsl:text></xsl:template>
  <!-- rows in the order a browser lays them out: tfoot groups last (HTML's table model) -->
  <xsl:template match="table">
    <xsl:text>&#10;&#xFDD0;</xsl:text>
    <xsl:apply-templates select="tr|thead|tbody" mode="rows"/>
    <xsl:apply-templates select="tfoot" mode="rows"/>
    <xsl:text>&#xFDD0;&#10;</xsl:text>
  </xsl:template>
  <xsl:template match="tr" mode="rows">
    <xsl:text>&#xFDD1;</xsl:text>
    <!-- `*/@…`: a span attribute of a row child that is not a cell matches no template below but the last -->
    <xsl:apply-templates select="td|th|*/@rowspan|*/@colspan" mode="cell"/>
  </xsl:template>
  <!-- a row group is fenced by U+FDD4 on both sides (rows directly in the table between two fences form a
       group of their own): a rowspan ends at its group's last row, as in a browser -->
  <xsl:template match="thead|tbody|tfoot" mode="rows">
    <xsl:text>&#xFDD4;</xsl:text><xsl:apply-templates select="tr" mode="rows"/><xsl:text>&#xFDD4;</xsl:text>
  </xsl:template>
  <xsl:template match="td|th" mode="cell"><xsl:text>&#xFDD2;</xsl:text><xsl:value-of select="normalize-space(.)"/></xsl:template>
  <xsl:template match="td/@rowspan|th/@rowspan" mode="cell"><xsl:text>&#xFDD3;r</xsl:text><xsl:value-of select="."/></xsl:template>
  <xsl:template match="td/@colspan|th/@colspan" mode="cell"><xsl:text>&#xFDD3;c</xsl:text><xsl:value-of select="."/></xsl:template>
  <xsl:template match="@*" mode="cell"/>
</xsl:stylesheet>
