# cython: language_level=3, boundscheck=False, wraparound=False
"""The page walk of :mod:`crawler.extract.walk`, compiled: the same result as
:func:`crawler.extract.walk.walk_python`, read from libxml2's nodes through lxml's public C API
instead of through an lxml proxy (tag, text, tail, attributes) for every element. And what
comes after it: the spaces of the collected texts collapsed (:func:`collapse_spaces`,
:func:`visible_sizes`: the fast paths of :func:`crawler.extract.text.normalize_spaces` and
:func:`crawler.extract.text.visible_lengths`), the blocks made (:func:`make_blocks`, the same
as :func:`crawler.extract.blocks.make_blocks_python`) and the content finder's sums up the tree
(:func:`tree_stats`, as :func:`crawler.extract.body.tree_stats_python`).

What it decides from, it is given by the caller: the tag flags table, the chrome-mark and hiding-
style tests and the collector of marked elements under a skipped one, so that every rule lives
in :mod:`crawler.extract.walk` only. The flag values below are that module's (a test checks).

How the node walk gives what lxml's ``.text``/``.tail`` walk gives: an element's children, in
order, are runs of text nodes (its ``.text``, then each child's ``.tail``) and element-like
nodes; comments, processing instructions and entity references only end a run. A run is read
as lxml reads one (``_collectText``: text and CDATA nodes together, XInclude markers skipped).
"""
from cpython.list cimport PyList_GET_SIZE
from cpython.mem cimport PyMem_Free, PyMem_Malloc, PyMem_Realloc
from cpython.object cimport PyObject
from cpython.unicode cimport (
    Py_UNICODE_ISPRINTABLE,
    Py_UNICODE_ISSPACE,
    PyUnicode_4BYTE_KIND,
    PyUnicode_DecodeUTF8,
    PyUnicode_FromKindAndData,
)
from libc.string cimport strcmp, strlen

from lxml.includes cimport tree
from lxml.includes.tree cimport xmlNode, xmlAttr, const_xmlChar
from lxml.includes.etreepublic cimport (
    LXML_VERSION_STRING,
    _Document,
    _Element,
    attributeValue,
    elementFactory,
    import_lxml__etree,
    namespacedName,
)

cdef extern from *:
    """
    static int unionwatch_set_slot(PyObject* slot, PyObject* obj, PyObject* value) {
        return Py_TYPE(slot)->tp_descr_set(slot, obj, value);
    }
    static int unionwatch_settable(PyObject* slot) {
        return Py_TYPE(slot)->tp_descr_set != NULL;
    }
    #ifndef UNIONWATCH_WALK_SOURCE
    #define UNIONWATCH_WALK_SOURCE ""
    #endif
    """
    const char* UNIONWATCH_WALK_SOURCE
    int unionwatch_set_slot(PyObject* slot, PyObject* obj, PyObject* value) except -1
    bint unionwatch_settable(PyObject* slot)

import_lxml__etree()

#: The SHA-256 of the ``_walk.pyx`` this module was built from (``setup.py`` passes it), and
#: the lxml whose headers it was built against: a walk built from another source or for
#: another lxml is not used (:func:`crawler.extract.walk.stale_reason`).
SOURCE_SHA256 = UNIONWATCH_WALK_SOURCE.decode("ascii")
LXML_VERSION = LXML_VERSION_STRING.decode("ascii")

# Flags of crawler.extract.walk._TAG_FLAGS, and what an element did on entering.
cdef enum:
    STARTS_BLOCK = 1
    BREAKS = 2
    IS_LINK = 4
    SKIPPED = 8
    LIST_ITEM = 16
    NOT_CHROME = 32
    MARKED = 64
    LEVEL_SHIFT = 8
    PUSHED_BLOCK = 1
    PUSHED_CHROME = 2
    OPENED_LINK = 4
    CACHE_SIZE = 128

cdef struct Context:
    xmlNode* container
    int heading
    xmlNode* chrome
    int lists

cdef struct Frame:
    xmlNode* element
    int code
    Context outside

# Flags by tag name for one walk: libxml2 keeps element names in the document's dictionary,
# so the same pointer means the same name (a name not found in the cache is just looked up).
cdef struct NameCache:
    const_xmlChar* names[CACHE_SIZE]
    int flags[CACHE_SIZE]


cdef int _flags_of(xmlNode* node, dict tag_flags, NameCache* cache) except -1:
    cdef size_t slot = 0
    cdef int i
    cdef int found_slot = -1
    if node.ns is NULL:
        slot = (<size_t>node.name >> 3) % CACHE_SIZE
        for i in range(CACHE_SIZE):
            if cache.names[slot] == node.name:
                return cache.flags[slot]
            if cache.names[slot] is NULL:
                found_slot = <int>slot
                break
            slot = (slot + 1) % CACHE_SIZE
    tag = namespacedName(node)
    value = tag_flags.get(tag)
    cdef int flags
    if value is None:
        flags = (<int>tag_flags.get(tag.lower(), 0)) & ~MARKED
    else:
        flags = <int>value
    if found_slot >= 0:
        cache.names[found_slot] = node.name
        cache.flags[found_slot] = flags
    return flags


cdef inline bint _is_text(xmlNode* node) noexcept:
    return node.type == tree.XML_TEXT_NODE or node.type == tree.XML_CDATA_SECTION_NODE


cdef inline bint _is_xinclude(xmlNode* node) noexcept:
    return node.type == tree.XML_XINCLUDE_START or node.type == tree.XML_XINCLUDE_END


cdef object _context_tuple(_Document doc, Context* ctx):
    return (
        elementFactory(doc, ctx.container),
        ctx.heading,
        elementFactory(doc, ctx.chrome) if ctx.chrome is not NULL else None,
        ctx.lists,
    )


cdef int _names_chrome(
    xmlNode* node, xmlAttr* attribute, dict chrome_marks, is_chrome_mark
) except -1:
    """1 when the class or id ``attribute`` names page chrome (remembered by value)."""
    mark = attributeValue(node, attribute)
    if not mark:
        return 0
    known = chrome_marks.get(mark)
    if known is None:
        known = chrome_marks[mark] = is_chrome_mark(mark)
    return 1 if known else 0


cdef int _flush(
    list texts, list link_texts, list contexts, list pieces, list link_pieces,
    _Document doc, Context* context,
) except -1:
    """End the block being read: its text, its link text and its context are collected."""
    texts.append("".join(pieces))
    link_texts.append("".join(link_pieces) if PyList_GET_SIZE(link_pieces) else "")
    contexts.append(_context_tuple(doc, context))
    del pieces[:]
    del link_pieces[:]
    return 0


def walk(
    _Element root, list found, dict tag_flags, is_chrome_mark, hidden_style, marked_below
):
    """What :func:`crawler.extract.walk.walk_python` returns (and adds to ``found``) for
    ``root``, given that module's ``_TAG_FLAGS``, ``is_chrome_mark``, ``_hidden_style`` and
    ``_marked_below``."""
    cdef _Document doc = root._doc
    cdef list texts = [], link_texts = [], contexts = [], pieces = [], link_pieces = []
    cdef dict chrome_marks = {}, hiding_styles = {}
    cdef NameCache cache
    cdef Context context
    cdef Frame* stack = NULL
    cdef Frame* grown
    cdef Py_ssize_t depth = 0, capacity = 0, wanted
    cdef xmlNode* node
    cdef xmlNode* run
    cdef xmlAttr* attr
    cdef xmlAttr* a_hidden
    cdef xmlAttr* a_style
    cdef xmlAttr* a_class
    cdef xmlAttr* a_id
    cdef xmlAttr* a_itemprop
    cdef const_xmlChar* c_text
    cdef int flags, code, links = 0, count
    cdef bint chrome
    cdef bytes joined
    for i in range(CACHE_SIZE):
        cache.names[i] = NULL
    context.container = root._c_node
    context.heading = 0
    context.chrome = NULL
    context.lists = 0
    # The root is marked as any element, but neither entered nor judged by its attributes.
    if root._c_node.type == tree.XML_ELEMENT_NODE:
        if _flags_of(root._c_node, tag_flags, &cache) & MARKED or root.get("itemprop") is not None:
            found.append(root)
    try:
        node = root._c_node.children
        while True:
            if node is NULL:
                if depth == 0:
                    break
                depth -= 1
                node = stack[depth].element
                code = stack[depth].code
                if code:
                    if code & OPENED_LINK:
                        links -= 1
                    if code & PUSHED_BLOCK and PyList_GET_SIZE(pieces):
                        _flush(texts, link_texts, contexts, pieces, link_pieces, doc, &context)
                    context = stack[depth].outside
                node = node.next
                continue
            if _is_text(node) or _is_xinclude(node):
                # A run of text nodes: what lxml gives as one .text or .tail.
                run = node
                c_text = NULL
                count = 0
                while node is not NULL and (_is_text(node) or _is_xinclude(node)):
                    if _is_text(node):
                        if node.content is not NULL and node.content[0] != 0:
                            c_text = node.content
                        count += 1
                    node = node.next
                if c_text is NULL:
                    continue
                if count == 1:
                    text = PyUnicode_DecodeUTF8(<char*>c_text, strlen(<char*>c_text), NULL)
                else:
                    joined = b""
                    while run is not node:
                        if _is_text(run) and run.content is not NULL:
                            joined += <bytes>(<char*>run.content)
                        run = run.next
                    text = joined.decode("utf-8")
                if PyList_GET_SIZE(pieces) or not text.isspace():
                    pieces.append(text)
                    if links:
                        link_pieces.append(text)
                continue
            if node.type != tree.XML_ELEMENT_NODE:
                node = node.next
                continue
            flags = _flags_of(node, tag_flags, &cache)
            if flags & (MARKED | SKIPPED):
                if flags & MARKED:
                    found.append(elementFactory(doc, node))
                if flags & SKIPPED:
                    if not flags & MARKED:
                        attr = node.properties
                        while attr is not NULL:
                            if attr.ns is NULL and strcmp(<const char*>attr.name, "itemprop") == 0:
                                found.append(elementFactory(doc, node))
                                break
                            attr = attr.next
                    if node.children is not NULL:
                        found.extend(marked_below(elementFactory(doc, node)))
                    node = node.next
                    continue
            chrome = False
            attr = node.properties
            if attr is not NULL:
                a_hidden = a_style = a_class = a_id = a_itemprop = NULL
                while attr is not NULL:
                    if attr.ns is NULL:
                        name = <const char*>attr.name
                        if strcmp(name, "class") == 0:
                            if a_class is NULL: a_class = attr
                        elif strcmp(name, "id") == 0:
                            if a_id is NULL: a_id = attr
                        elif strcmp(name, "style") == 0:
                            if a_style is NULL: a_style = attr
                        elif strcmp(name, "hidden") == 0:
                            if a_hidden is NULL: a_hidden = attr
                        elif strcmp(name, "itemprop") == 0:
                            if a_itemprop is NULL: a_itemprop = attr
                    attr = attr.next
                if a_itemprop is not NULL and not flags & MARKED:
                    found.append(elementFactory(doc, node))
                if a_hidden is not NULL or (
                    a_style is not NULL
                    and hidden_style(attributeValue(node, a_style), hiding_styles)
                ):
                    if node.children is not NULL:
                        found.extend(marked_below(elementFactory(doc, node)))
                    node = node.next
                    continue
                if not flags & NOT_CHROME:
                    if a_class is not NULL:
                        chrome = _names_chrome(node, a_class, chrome_marks, is_chrome_mark)
                    if not chrome and a_id is not NULL:
                        chrome = _names_chrome(node, a_id, chrome_marks, is_chrome_mark)
            # Entering the element.
            if depth == capacity:
                wanted = capacity * 2 if capacity else 64
                grown = <Frame*>PyMem_Realloc(stack, wanted * sizeof(Frame))
                if grown is NULL:
                    raise MemoryError()  # the old stack is still freed below
                stack = grown
                capacity = wanted
            stack[depth].element = node
            stack[depth].outside = context
            code = 0
            if flags & STARTS_BLOCK:
                if PyList_GET_SIZE(pieces):
                    _flush(texts, link_texts, contexts, pieces, link_pieces, doc, &context)
                code = PUSHED_BLOCK
                context.container = node
                if flags >> LEVEL_SHIFT:
                    context.heading = flags >> LEVEL_SHIFT
                if chrome:
                    context.chrome = node
                if flags & LIST_ITEM:
                    context.lists += 1
            elif chrome:
                code = PUSHED_CHROME
                context.chrome = node
            elif flags & BREAKS and PyList_GET_SIZE(pieces):
                _flush(texts, link_texts, contexts, pieces, link_pieces, doc, &context)
            if flags & IS_LINK:
                links += 1
                code |= OPENED_LINK
            stack[depth].code = code
            depth += 1
            node = node.children
    finally:
        PyMem_Free(stack)
    if PyList_GET_SIZE(pieces):
        _flush(texts, link_texts, contexts, pieces, link_pieces, doc, &context)
    return texts, link_texts, contexts


def collapse_spaces(list texts):
    """``[" ".join(text.split()) for text in texts]`` when every result is printable (the
    fast path of :func:`crawler.extract.text.normalize_spaces`), else ``None``. A text whose
    spaces need no change is returned as it is."""
    cdef list collapsed = []
    cdef unicode text, done
    cdef bint printable = True
    for text in texts:
        done = _collapse(text, &printable)
        if not printable:
            return None
        collapsed.append(done)
    return collapsed


def visible_sizes(list texts):
    """``[len("".join(text.split())) for text in texts]`` when all those characters are
    printable (the first fast path of :func:`crawler.extract.text.visible_lengths`), else
    ``None``."""
    cdef list sizes = []
    cdef unicode text
    cdef Py_UCS4 ch
    cdef Py_ssize_t size
    for text in texts:
        size = 0
        for ch in text:
            if Py_UNICODE_ISSPACE(ch):
                continue
            if not Py_UNICODE_ISPRINTABLE(ch):
                return None
            size += 1
        sizes.append(size)
    return sizes


cdef unicode _collapse(unicode text, bint* printable):
    """``" ".join(text.split())``; ``printable`` is cleared when a character left is not."""
    cdef Py_ssize_t length = len(text), kept = 0, position
    cdef Py_UCS4 ch
    cdef Py_UCS4* buffer
    cdef bint space = False, plain = True, started = False
    for position in range(length):  # as it stands: no space at the ends, none doubled, only " "
        ch = text[position]
        if Py_UNICODE_ISSPACE(ch):
            if ch != u" " or space or not started or position == length - 1:
                plain = False
                break
            space = True
        else:
            if not Py_UNICODE_ISPRINTABLE(ch):
                printable[0] = False
                return text
            space = False
            started = True
    if plain:
        return text
    buffer = <Py_UCS4*>PyMem_Malloc(length * sizeof(Py_UCS4))
    if buffer is NULL:
        raise MemoryError()
    try:
        space = False
        for ch in text:
            if Py_UNICODE_ISSPACE(ch):
                space = kept > 0
                continue
            if not Py_UNICODE_ISPRINTABLE(ch):
                printable[0] = False
                return text
            if space:
                buffer[kept] = u" "
                kept += 1
                space = False
            buffer[kept] = ch
            kept += 1
        return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buffer, kept)
    finally:
        PyMem_Free(buffer)


def make_blocks(
    list raws, list link_sizes, list contexts, type block_type, tuple slots, strip_pinyin
):
    """What :func:`crawler.extract.blocks.make_blocks_python` returns for the same texts, link
    sizes and contexts, given that module's ``Block``, the slots of its fields (in
    ``_BLOCK_FIELDS`` order) and ``strip_pinyin``: each character is looked at once (spaces,
    sentence punctuation, brackets) and each field set through its slot without a Python
    call."""
    cdef list blocks = []
    cdef Py_ssize_t count = PyList_GET_SIZE(raws), position, index = 0
    cdef Py_ssize_t spaces, punct, chars, link_size
    cdef unicode raw
    cdef tuple context
    if PyList_GET_SIZE(link_sizes) != count or PyList_GET_SIZE(contexts) != count:
        raise ValueError("texts, link sizes and contexts differ in number")
    if len(slots) != 10 or not all(unionwatch_settable(<PyObject*>slot) for slot in slots):
        raise TypeError("slots must be the 10 settable slots of the block's fields")
    (s_index, s_raw, s_text, s_chars, s_links, s_punct, s_container, s_heading, s_chrome,
     s_in_list) = slots
    new = block_type.__new__
    for position in range(count):
        raw = raws[position]
        if _counts(raw, &spaces, &punct):  # a bracket: maybe pinyin ruby
            stripped = strip_pinyin(raw)
            if stripped is not raw:
                raw = stripped
                _counts(raw, &spaces, &punct)
        if not raw:
            continue
        chars = len(raw) - spaces
        link_size = link_sizes[position]
        context = contexts[position]
        block = new(block_type)
        _set(s_index, block, index)
        index += 1
        _set(s_raw, block, raw)
        _set(s_text, block, raw)
        _set(s_chars, block, chars)
        _set(s_links, block, link_size if link_size < chars else chars)
        _set(s_punct, block, punct)
        _set(s_container, block, context[0])
        _set(s_heading, block, context[1])
        _set(s_chrome, block, context[2])
        _set(s_in_list, block, context[3] > 0)
        blocks.append(block)
    return blocks


cdef bint _counts(unicode text, Py_ssize_t* spaces, Py_ssize_t* punct) noexcept:
    """Count the spaces and the sentence punctuation of ``text`` (``_PUNCTUATION`` of
    :mod:`crawler.extract.blocks`); true when it has a bracket pinyin ruby may use."""
    cdef Py_UCS4 ch
    cdef bint bracket = False
    spaces[0] = punct[0] = 0
    for ch in text:
        if ch == u" ":
            spaces[0] += 1
        elif ch in u"，。！？；、,!?;…":
            punct[0] += 1
        elif ch == u"(" or ch == u"（" or ch == u")":
            bracket = True
    return bracket


cdef inline int _set(object slot, object obj, object value) except -1:
    return unionwatch_set_slot(<PyObject*>slot, <PyObject*>obj, <PyObject*>value)


# -- the content finder's tree sums ------------------------------------------------------------

cdef struct Reached:
    Py_ssize_t first
    Py_ssize_t last
    Py_ssize_t chars
    Py_ssize_t links
    Py_ssize_t parent  # -1: none
    Py_ssize_t depth


cdef inline xmlNode* _parent_element(xmlNode* node) noexcept:
    """What lxml's ``getparent`` gives: the parent when it is element-like, else NULL."""
    cdef xmlNode* parent = node.parent
    if parent is NULL or not (
        parent.type == tree.XML_ELEMENT_NODE
        or parent.type == tree.XML_COMMENT_NODE
        or parent.type == tree.XML_ENTITY_REF_NODE
        or parent.type == tree.XML_PI_NODE
    ):
        return NULL
    return parent


def tree_stats(list blocks, Py_ssize_t max_depth):
    """What :func:`crawler.extract.body.tree_stats_python` returns for ``blocks`` (given that
    module's ``_MAX_DEPTH``), the ancestors read from libxml2's nodes and the sums kept in C;
    ``None`` where that function counts block by block (a container deeper than
    ``max_depth``)."""
    cdef dict index_of = {}
    cdef list elements = []
    cdef Reached* reached = NULL
    cdef Reached* grown
    cdef Py_ssize_t* downwards = NULL
    cdef Py_ssize_t* grown_down
    cdef Py_ssize_t count = 0, capacity = 0, wanted, position, current, climbed
    cdef Py_ssize_t depth, deepest = 0, parent_id, n_down = 0, k, block_count
    cdef _Element container
    cdef xmlNode* node
    cdef dict stats, parents
    block_count = PyList_GET_SIZE(blocks)
    try:
        for position in range(block_count):
            block = blocks[position]
            container = block.container
            found = index_of.get(container)
            if found is not None:
                current = found
                if reached[current].last < 0:  # reached before as an ancestor
                    if reached[current].depth > deepest:
                        deepest = reached[current].depth
            else:
                # The container, and its ancestors not reached before (their first block).
                climbed = count
                element = container
                while True:
                    if count == capacity:
                        wanted = capacity * 2 if capacity else 256
                        grown = <Reached*>PyMem_Realloc(reached, wanted * sizeof(Reached))
                        if grown is NULL:
                            raise MemoryError()
                        reached = grown
                        grown_down = <Py_ssize_t*>PyMem_Realloc(
                            downwards, wanted * sizeof(Py_ssize_t)
                        )
                        if grown_down is NULL:
                            raise MemoryError()
                        downwards = grown_down
                        capacity = wanted
                    index_of[element] = count
                    elements.append(element)
                    reached[count].first = position
                    reached[count].last = -1
                    reached[count].chars = reached[count].links = 0
                    reached[count].parent = -1
                    reached[count].depth = 0
                    count += 1
                    node = _parent_element((<_Element>element)._c_node)
                    if node is NULL:
                        depth = -1
                        break
                    element = elementFactory((<_Element>element)._doc, node)
                    parent_found = index_of.get(element)
                    if parent_found is not None:
                        reached[count - 1].parent = parent_found
                        depth = reached[<Py_ssize_t>parent_found].depth
                        break
                    reached[count - 1].parent = count
                # From the topmost climbed element down to the container.
                for k in range(count - 1, climbed - 1, -1):
                    depth += 1
                    reached[k].depth = depth
                    downwards[n_down] = k
                    n_down += 1
                current = climbed
                if depth > deepest:
                    deepest = depth
            reached[current].last = position
            reached[current].chars += <Py_ssize_t>block.chars
            reached[current].links += <Py_ssize_t>block.link_chars
        if deepest > max_depth:
            return None
        for k in range(n_down - 1, -1, -1):  # every element before its parent: sums go up
            current = downwards[k]
            parent_id = reached[current].parent
            if parent_id >= 0:
                if reached[current].last > reached[parent_id].last:
                    reached[parent_id].last = reached[current].last
                reached[parent_id].chars += reached[current].chars
                reached[parent_id].links += reached[current].links
        stats = {}
        parents = {}
        for k in range(count):
            element = elements[k]
            stats[element] = [
                reached[k].first, reached[k].last, reached[k].chars, reached[k].links, 0.0, 0.0
            ]
            parent_id = reached[k].parent
            parents[element] = elements[parent_id] if parent_id >= 0 else None
        return stats, parents
    finally:
        PyMem_Free(reached)
        PyMem_Free(downwards)
