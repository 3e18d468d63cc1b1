# ruff: noqa: E501 - Wagtail's msgids, verbatim
"""Wagtail admin messages that Wagtail 8's zh_Hans catalogue leaves in English.

Editors saw them in the page editor (side panels, content checks, keyboard
shortcuts, autosave, scheduling, locking), the listings, the choosers, the
dashboard and their account page. Nothing uses this module at run time:
``manage.py update_messages`` (makemessages) collects these msgids, exactly as
Wagtail writes them, into locale/zh_Hans/LC_MESSAGES/django.po, where they carry
their Chinese; Django consults the project catalogue (LOCALE_PATHS) before the
apps' own. Strings of Wagtail's JavaScript (Draftail, StreamField, autosave) are
in locale/zh_Hans/LC_MESSAGES/djangojs.po, which Wagtail's JavaScript catalogue
(/admin/jsi18n/) reads the same way. tests/portal/test_admin_translations.py
checks the screens.

Left out on purpose: what this site never shows (translations and locales,
API tokens, upgrade notices). tests/test_chinese_every_url.py requests every
URL as every role and fails on any English left; most entries at the end came
from it. A few msgids are not Wagtail's but django-tasks-db's (its model's
name), kept here for the same reason.
"""

from django.utils.translation import gettext_noop as _
from django.utils.translation import ngettext_lazy

MESSAGES = (
    _('You do not have permission to publish pages at "%(page_title)s"'),
    _("The slug '%(page_slug)s' is already in use within the parent page."),
    _("The new page will be a child of this given parent page."),
    _("Tag(s) %(value_too_long)s are over %(max_tag_length)d characters."),
    _("item"),
    _("items"),
    _("Go to the first error"),
    _(
        "This %(model_name)s is currently at <strong>%(task)s</strong> in <strong>%(workflow)s</strong>."
    ),
    _("Publishing this %(model_name)s will cancel the current workflow."),
    _("Actions (footer)"),
    _(
        'There are no %(model_name)s to display. Why not <a href="%(add_url)s">add one</a>?'
    ),
    _(
        "Preview cannot display due to validation errors. <br /> Click save to highlight the relevant fields."
    ),
    ngettext_lazy(
        "Moved down 1 place.",
        "Moved down %(counter)s places.",
    ),
    ngettext_lazy(
        "Moved up 1 place.",
        "Moved up %(counter)s places.",
    ),
    _("Privacy and access"),
    ngettext_lazy(
        '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
    ),
    _("Your pages and snippets in a workflow"),
    _(
        'The %(model_name)s "%(title)s" has been approved in moderation stage "%(task)s".'
    ),
    _('The %(model_name)s "%(title)s" has been approved in "%(task)s".'),
    _(
        'The %(model_name)s "%(title)s" has been rejected in moderation stage "%(task)s".'
    ),
    _('The %(model_name)s "%(title)s" has been rejected during "%(task)s".'),
    _(
        'The %(model_name)s "%(title)s" has been submitted for approval in moderation stage "%(task)s".'
    ),
    _("You can preview the %(model_name)s here:"),
    _(
        'The %(model_name)s "%(title)s" has been submitted for approval to moderation stage "%(task)s".'
    ),
    _(
        'The %(model_name)s "%(title)s" has been submitted for approval in moderation stage "%(task)s"'
    ),
    _('The %(model_name)s "%(title)s" has been approved in workflow "%(workflow)s".'),
    _('The %(model_name)s "%(title)s" has been approved in "%(workflow)s".'),
    _(
        'The %(model_name)s "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s" by %(rejector)s.'
    ),
    _(
        'The %(model_name)s "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s".'
    ),
    _('The %(model_name)s "%(title)s" has been rejected during "%(workflow)s".'),
    _(
        'The %(model_name)s "%(title)s" has been submitted for moderation to workflow "%(workflow)s" by %(requester)s.'
    ),
    _(
        'The %(model_name)s "%(title)s" has been submitted for moderation to workflow "%(workflow)s".'
    ),
    _('The page "%(title)s" has been submitted to workflow "%(workflow)s"'),
    _('The %(model_name)s "%(title)s" has been submitted to workflow "%(workflow)s"'),
    _("Changing the privacy for this page has been disabled."),
    _("Scheduling…"),
    _("Schedule to publish"),
    ngettext_lazy(
        "Deleting this page will also delete %(descendant_count)s child page.",
        "Deleting this page will also delete %(descendant_count)s more child pages.",
    ),
    ngettext_lazy(
        "This page has one subpage. Unpublish this too",
        "This page has %(live_descendant_count)s subpages. Unpublish these too",
    ),
    _(
        "This page was marked as needing changes at <strong>%(task)s</strong> in <strong>%(workflow)s</strong>."
    ),
    _(
        "This page is currently at <strong>%(task)s</strong> in <strong>%(workflow)s</strong>."
    ),
    _("This page is locked, by you, to further editing"),
    _(
        "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s across entire site."
    ),
    _("No results across entire site."),
    _("Search in '<span class=\"w-title-ellipsis\">%(title)s</span>'"),
    _(
        "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s in '<span class=\"w-title-ellipsis\">%(title)s</span>'."
    ),
    _("No results in '<span class=\"w-title-ellipsis\">%(title)s</span>'."),
    _("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s"),
    ngettext_lazy(
        "There is one matching page",
        "There are %(counter)s matching pages",
    ),
    _("Choose when this %(model_name)s should go live and/or expire"),
    _("Choose when this page should go live and/or expire"),
    _(
        'This publishing schedule will only take effect after you select the "Schedule to publish" option'
    ),
    _("Anyone with editing permissions can create schedules"),
    _("But only those with publishing permissions can make them effective."),
    _("Locked by <b>you</b> at <b>%(locking_date)s</b>"),
    _("Locked by <b>%(locked_by)s</b> at <b>%(locking_date)s</b>"),
    _("%(field_label)s:"),
    _("Saved"),
    _("Autosave is paused"),
    _("Edit account avatar"),
    ngettext_lazy(
        "This action will delete <b>%(total_pages_formatted)s</b> page in total.",
        "This action will delete <b>%(total_pages_formatted)s</b> pages in total.",
    ),
    _("Please type <b>%(wagtail_site_name)s</b> to confirm."),
    _("You saved a new version in another window"),
    _("System"),
    _("%(user_name)s saved a new version"),
    _("View latest version"),
    _("You have unsaved changes in another window"),
    _("%(user_name)s has unsaved changes"),
    _("Currently idle"),
    _("Currently viewing"),
    ngettext_lazy(
        "One other user is currently viewing",
        "%(num_user)s other users are currently viewing",
    ),
    _("Proceeding will overwrite the changes you made in that window."),
    _("Proceeding will overwrite the changes made by %(user_name)s."),
    _("Alternatively, you can view the latest version in a new tab."),
    _("A network error occurred"),
    _(
        "Troubleshoot your connection to the site before proceeding. Open the editor in a separate tab to view the last saved version."
    ),
    _("account"),
    _(
        "Keyboard shortcuts are currently disabled; manage your %(account_link)s to enable them."
    ),
    _("Section"),
    _(
        "Keyboard shortcuts are currently enabled; manage your %(account_link)s to disable them."
    ),
    _("Show issue"),
    _("Content metrics"),
    _("Words"),
    _("Reading time"),
    _("Readability"),
    _("This data explained"),
    _("How we calculate our metrics"),
    _(
        "We extract the main content from the page preview, remove all formatting, and calculate the number of words."
    ),
    _(
        "We calculate reading time from word count, using different reading speeds for different languages."
    ),
    _(
        "We use a readability formula based on length of words and sentences. Long sentences and words result in a worse readability score."
    ),
    _(
        'See our <a href="%(guide_link)s" target="_blank">content checks guide</a> for more information on how content metrics are calculated.'
    ),
    _("Locking: "),
    _("Anyone can edit this %(model_name)s – lock it to prevent others from editing"),
    _("Anyone can edit this %(model_name)s"),
    _("Choose who can view the live version of this page"),
    _("To be created by %(user)s"),
    _("Invalid schedule"),
    _("Go-live:"),
    _("Once scheduled:"),
    _("Refreshing…"),
    _("Refresh"),
    _("Correct the validation errors to resume preview (saving will highlight errors)"),
    _("Autosave is <span>paused</span>"),
    _("Save your changes before leaving"),
    ngettext_lazy(
        "This %(model_name)s is referenced %(usage_count)s time.",
        "This %(model_name)s is referenced %(usage_count)s times.",
    ),
    _("One or more references to this %(model_name)s prevent it from being deleted."),
    _("Status %(status)s"),
    _("%(action)s by <b>%(who)s</b> at <b>%(at)s</b>"),
    _("%(action)s at <b>%(at)s</b>"),
    _("%(action)s by <b>%(who)s</b>"),
    _("This %(model_name)s hasn't been submitted for moderation yet"),
    _("Item %(index)s of %(total)s"),
    _("Disable custom ordering"),
    _("Enable custom ordering"),
    _("Checks"),
    _("Disabled"),
    _("Cancelled by %(cancelled_by)s"),
    _("More bulk actions"),
    _("at %(time)s by %(user_display_name)s"),
    _("at %(time)s"),
    _("%(time)s by %(user_display_name)s"),
    _("%(time_period)s ago by %(user_display_name)s"),
    _("Changes requested %(finished_at)s"),
    _("Sent to %(task_name)s %(started_at)s"),
    _("%(status_display)s %(task_name)s %(started_at)s"),
    _("Application"),
    _("Show keyboard shortcuts"),
    _("Toggle minimap"),
    _("Close modal dialogs (like this one)"),
    _("Save changes"),
    _("Add or show comments"),
    _("Text editing"),
    _("Cut"),
    _("Paste"),
    _("Paste and match style"),
    _("Paste without formatting"),
    _("Text formatting"),
    _("Insert or edit a link"),
    _("Monospace (code)"),
    _("Strike-through"),
    ngettext_lazy(
        "Referenced %(count)s time",
        "Referenced %(count)s times",
    ),
    _("Toggle checks"),
    _("(blank)"),
    _("Sort by '%(label)s' in ascending order."),
    _("Sort by '%(label)s' in descending order."),
    _("'%(page_title)s' has been moved successfully."),
    _(
        "Focus on the drag button and press up or down arrows to move the item, then press enter to submit the change."
    ),
    _("Button text is empty"),
    _("Use meaningful text for screen reader users"),
    _("Empty heading found"),
    _("Table header text is empty"),
    _("Empty frame title found"),
    _("Use a meaningful title for screen reader users"),
    _("Incorrect heading hierarchy"),
    _("Avoid skipping levels"),
    _("Input button text is empty"),
    _("Link text is empty"),
    _("Misusing paragraphs as headings"),
    _("Use proper heading tags"),
    _("Image alt text has inappropriate pattern"),
    _("Use meaningful text"),
    _("Meta description is empty"),
    _("Add a concise description for search engines"),
    _("Theme preferences"),
    _("No %(model_name)s match your query."),
    _("%(model_name)s '%(title)s' is now unlocked."),
    _("%(model_name)s '%(object)s' has been scheduled for publishing."),
    _("%(model_name)s '%(object)s' created and scheduled for publishing."),
    _(
        "%(model_name)s '%(object)s' is live and this version has been scheduled for publishing."
    ),
    _("%(model_name)s '%(object)s' updated and published."),
    _("%(model_name)s '%(object)s' created and published."),
    _("%(model_name)s '%(object)s' has been submitted for moderation."),
    _("%(model_name)s '%(object)s' created and submitted for moderation."),
    _("Workflow on %(model_name)s '%(object)s' has been restarted."),
    _("Workflow on %(model_name)s '%(object)s' has been cancelled."),
    _("Saving will overwrite a newer version."),
    _("The %(model_name)s could not be saved as it is locked"),
    _(
        "You are viewing a previous version of this %(model_name)s from <b>%(created_at)s</b> by %(user)s"
    ),
    _("%(model_name)s '%(object)s' has been replaced with version from %(timestamp)s."),
    _("Version from %(timestamp)s of %(model_name)s '%(object)s' has been published."),
    _(
        "Version from %(timestamp)s of %(model_name)s '%(object)s' has been scheduled for publishing."
    ),
    _("%(related_model_name)s %(field_label)s"),
    _("Sort item order"),
    _("New: %(model_name)s"),
    _("There are validation errors, click save to highlight them."),
    _("Compare"),
    _("Preview for %(block_label)s (%(block_type)s)"),
    _("If you confirm deletion"),
    _("(Private %(object)s)"),
    _("The %(model_name)s '%(title)s' is not currently awaiting moderation."),
    _(
        "The %(model_name)s '%(title)s' is not currently awaiting moderation in task '%(task_name)s'."
    ),
    _("Search all pages…"),
    _("Privacy is inherited from the ancestor page - %(ancestor_page)s"),
    _("%(parent_pages)s and %(child_pages)s have been deleted"),
    ngettext_lazy(
        "%(num_parent_objects)d page has been deleted",
        "%(num_parent_objects)d pages have been deleted",
    ),
    ngettext_lazy(
        "%(num_parent_objects)d page",
        "%(num_parent_objects)d pages",
    ),
    ngettext_lazy(
        "%(num_child_objects)d child page",
        "%(num_child_objects)d child pages",
    ),
    _("%(parent_pages)s and %(child_pages)s have been published"),
    ngettext_lazy(
        "%(num_parent_objects)d page has been published",
        "%(num_parent_objects)d pages have been published",
    ),
    _("%(parent_pages)s and %(child_pages)s have been unpublished"),
    ngettext_lazy(
        "%(num_parent_objects)d page has been unpublished",
        "%(num_parent_objects)d pages have been unpublished",
    ),
    _("Choose parent"),
    _("Create a new %(model_name)s"),
    _("The page could not be created due to validation errors."),
    _("The page could not be saved as it is locked."),
    _("The page could not be saved due to validation errors."),
    _("Date updated"),
    _("Edited by"),
    _("Has child pages"),
    _("Any"),
    _("Page type"),
    _("Exploring"),
    _(
        "The slug '%(page_slug)s' is already in use at the selected parent page. Make sure the slug is unique and try again."
    ),
    _("Locked by"),
    _("Anyone"),
    _("Shortcuts"),
    _("Maximum filesize: %(max_upload_size)s."),
    _(
        'Why not <a class="upload-one-now" href="#tab-upload" data-action="w-tabs#select:prevent" data-w-tabs-target="trigger" data-w-tabs-focus-param="true">upload one now</a>?'
    ),
    ngettext_lazy(
        '%(total)s Document <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Documents <span class="w-sr-only">created in %(site_name)s</span>',
    ),
    _("The document could not be created due to errors."),
    _("The file could not be found. Please change the source or delete the document."),
    _("Layout"),
    _("You haven't uploaded any images."),
    ngettext_lazy(
        '%(total)s Image <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Images <span class="w-sr-only">created in %(site_name)s</span>',
    ),
    _("Grid layout"),
    _("List layout"),
    _("Oldest"),
    _("Usage count: (low to high)"),
    _("Usage count: (high to low)"),
    _("The filter options you have selected are not valid."),
    _("- Select an option -"),
    _("Unknown content type"),
    _("Date cannot be in the future."),
    _("No one can make changes while the %(model_name)s is locked"),
    _("<b>'{title}' was locked</b> by <b>you</b> on <b>{datetime}</b>."),
    _("<b>'{title}' is locked</b> by <b>you</b>."),
    _("<b>'{title}' was locked</b> by <b>{user}</b> on <b>{datetime}</b>."),
    _("<b>'{title}' is locked</b>."),
    _("Locked by you"),
    _("Locked by another user"),
    _("Only you can make changes while the %(model_name)s is locked"),
    _("Only %(user)s can make changes while the %(model_name)s is locked"),
    _("This %(model_name)s is currently awaiting moderation."),
    _(
        "This {model_name} is awaiting <b>'{task_name}'</b> in the <b>'{workflow_name}'</b> workflow."
    ),
    _("Only reviewers for this task can edit the %(model_name)s."),
    _("Locked by workflow"),
    _(
        "Reviewers can edit this %(model_name)s – lock it to prevent other reviewers from editing"
    ),
    _("Only reviewers can edit and approve the %(model_name)s"),
    _(
        "{model_name} '{title}' is locked and has been scheduled to go live at {datetime}"
    ),
    _("Locked by schedule"),
    _("Currently locked and will go live on the scheduled date"),
    _(
        "The slug '%(page_slug)s' is already in use within the parent page at '%(parent_url_path)s'."
    ),
    _("Cannot overwrite a revision that is not the latest for this %(model_name)s."),
    _("Cannot overwrite a revision that was not created by the current user."),
    _("the %(model_name)s will also be deleted"),
    _("prevents deletion"),
    _("will be set to the default %(model_name)s"),
    _("will do nothing"),
    _("may prevent deletion"),
    _("will be set to a %(model_name)s specified by the system"),
    _("will unset the reference"),
    _("Workflow '%(workflow_name)s' on %(model_name)s '%(title)s': %(status)s"),
    _("Task '%(task_name)s' on Revision '%(revision_info)s': %(status)s"),
    _("%(model_name)s scheduled for publishing at %(go_live_at)s"),
    _("%(model_name)s scheduled for publishing"),
    _("%(model_name)s unscheduled for publishing at %(go_live_at)s"),
    _("%(model_name)s unscheduled from publishing"),
    _("Removed the '%(restriction)s' view restriction. The page is public."),
    _("Resubmitted '%(task)s'. Workflow resumed"),
    _(
        'You haven\'t created any %(snippet_type_name)s snippets. Why not <a href="%(wagtailsnippets_create_snippet_url)s" target="_blank" rel="noreferrer">create one now</a>?'
    ),
    _("Required. Letters, digits and @/./+/-/_ only."),
    _("admin theme"),
    _("More contrast"),
    _("contrast"),
    _("Snug"),
    _("density"),
    _("Enable custom keyboard shortcuts specific to Wagtail."),
    _(
        'JavaScript is required to use Wagtail, but it is currently disabled.<br /> Here are the <a href="https://www.enable-javascript.com/" target="_blank" rel="noreferrer">instructions how to enable JavaScript in your web browser</a>.'
    ),
    _("Wagtail %(current_version)s editor guide"),
    _("Is commenting action"),
    _("Page types usage"),
    # The workflow reports' switch (wagtail/admin/views/reports/workflows.py).
    _("By task"),
    _("By workflow"),
    # The account menu and page (wagtailadmin/home/account_summary.html), the
    # content checks panel.
    _("Account"),
    _("Issues found"),
    # Found by tests/test_chinese_every_url.py (every URL as every role):
    # the view restrictions, as the site history names them.
    _("Private, accessible to logged-in users"),
    _("Private, accessible with a shared password"),
    # The privacy dialog of a page or a collection (wagtail/models/view_restrictions.py).
    _("Private, accessible to any logged-in users"),
    _("shared password"),
    _(
        "Shared passwords should not be used to protect sensitive content. Anyone who has this password will be able to view the content."
    ),
    # The page explorer's root level (wagtailadmin/pages/explorable_index_results.html).
    _(
        "The root level is where you can add new sites to your Wagtail installation. Pages created here will not be accessible at any URL until they are associated with a site."
    ),
    _(
        "If you just want to add pages to an existing site, create them as children of the homepage instead."
    ),
    # Uploading several images at once (wagtailimages/multiple/add.html).
    _(
        "Upload successful. However, your new image seems to be a duplicate of this existing image. You may delete it if it wasn't required."
    ),
    _(
        "Please provide an image description to comply with best practices for accessibility."
    ),
    # Importing redirects (wagtailredirects/choose_import_file.html).
    _(
        "<p>Select a file where redirects are separated into rows and contains the columns representing <code>from</code> and <code>to</code> (they can be named anything).</p> <p>After submitting you will be taken to a confirmation view where you can customize your redirects before import.</p>"
    ),
    # Workflow administration (wagtail/admin/views/workflows.py, wagtail/models/workflows.py).
    _("Show disabled"),
    ngettext_lazy(
        "This workflow is in progress on %(states_in_progress)d page/snippet. Disabling this workflow will cancel moderation on this page/snippet.",
        "This workflow is in progress on %(states_in_progress)d pages/snippets. Disabling this workflow will cancel moderation on these pages/snippets.",
    ),
    ngettext_lazy(
        "This task is in progress on %(states_in_progress)d page/snippet. Disabling this task will cause it to be skipped in the moderation workflow and not be listed for selection when editing a workflow.",
        "This task is in progress on %(states_in_progress)d pages/snippets. Disabling this task will cause it to be skipped in the moderation workflow and not be listed for selection when editing a workflow.",
    ),
    _(
        "Pages/snippets at this step in a workflow will be moderated or approved by these groups of users"
    ),
    # The group editor (wagtailusers/groups/includes/formatted_permissions.html).
    _("Toggle all change permissions"),
    _("Toggle all delete permissions"),
    _("Toggle all custom permissions"),
    _("Can view"),
    # An app's name, shown before its permissions in the group editor.
    _("Wagtail core"),
    # An empty listing of wagtail_modeladmin (modeladmin/index.html).
    _('Why not <a href="%(url)s">add one</a>?'),
    # django-tasks-db's model, named by the background jobs' listing (portal/jobs.py).
    _("Task Result"),
    _("Task Results"),
)
