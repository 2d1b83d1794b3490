<?xml version="1.0" encoding="utf-8"?>
<!-- HTML -> marked-up text in one libxslt pass: block elements end lines; a table becomes
     U+E000 (table) / U+E001 (row) / U+E002 (plain cell: "text") / U+E003 (cell with a span attribute:
     "rowspan,colspan,text") records, read back by html.py. -->
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
    <xsl:text>&#10;&#xE000;</xsl:text>
    <xsl:for-each select="tr|tbody/tr|thead/tr|tfoot/tr">
      <xsl:text>&#xE001;</xsl:text>
      <xsl:for-each select="td|th">
        <xsl:choose>
          <xsl:when test="@rowspan or @colspan">
            <xsl:text>&#xE003;</xsl:text><xsl:value-of select="@rowspan"/><xsl:text>,</xsl:text><xsl:value-of select="@colspan"/><xsl:text>,</xsl:text><xsl:value-of select="normalize-space(.)"/>
          </xsl:when>
          <xsl:otherwise><xsl:text>&#xE002;</xsl:text><xsl:value-of select="normalize-space(.)"/></xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </xsl:for-each>
    <xsl:text>&#xE000;&#10;</xsl:text>
  </xsl:template>
</xsl:stylesheet>
