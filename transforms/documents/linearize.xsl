<?xml version="1.0" encoding="utf-8"?>
<!-- HTML -> marked-up text in one libxslt pass: block elements end lines; a table becomes
     U+FDD0 (table) / U+FDD1 (row) / U+FDD2 (plain cell: "text") / U+FDD3 (cell with a span attribute:
     "rowspan,colspan,text") records, read back by html.py. Noncharacters, not
     private-use code points: GB18030 user-defined characters decode to U+E000.., real text never holds these
     (html.extract replaces any the page itself carries). -->
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
  <xsl:template match="table">
    <xsl:text>&#10;&#xFDD0;</xsl:text>
    <xsl:for-each select="tr|tbody/tr|thead/tr|tfoot/tr">
      <xsl:text>&#xFDD1;</xsl:text>
      <xsl:for-each select="td|th">
        <xsl:choose>
          <xsl:when test="@rowspan or @colspan">
            <xsl:text>&#xFDD3;</xsl:text><xsl:value-of select="@rowspan"/><xsl:text>,</xsl:text><xsl:value-of select="@colspan"/><xsl:text>,</xsl:text><xsl:value-of select="normalize-space(.)"/>
          </xsl:when>
          <xsl:otherwise><xsl:text>&#xFDD2;</xsl:text><xsl:value-of select="normalize-space(.)"/></xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </xsl:for-each>
    <xsl:text>&#xFDD0;&#10;</xsl:text>
  </xsl:template>
</xsl:stylesheet>
